// Every workflow the worker registers. The bundle must never pull in mongoose,
// express or node: modules.
export { stackCheck } from './stack-check';
export { collectionCase } from './collection-case/workflow';
export { portfolioSweep } from './portfolio-sweep';
export { selfServicePayment } from './self-service-payment';
