// A case's handlers: the supervisor commands (updates) installed from the
// command table, the view (query), and the loan system's events (signals).
// Validators reject a command before it reaches history; a command whose work
// awaits an activity (agency placement, recall) runs under the case's agency
// lock, which the main loop takes too, so the two never interleave.
import { setHandler } from '@temporalio/workflow';
import type { MutexInterface } from 'async-mutex';
import { applyPayment, COMMAND_NAMES, keepRestructuring, type Actor, type CaseView, type CommandName, type CommandRequests } from '../../domain';
import type { UpdateDefinition } from '@temporalio/common';
import { nowOf, record, viewOf, type CaseState } from './case-state';
import { COMMAND_TABLE, reject, requireText, type AsyncCommand, type Command, type CommandContext } from './command-table';
import * as messages from './messages';
import { countTowardSettlement } from './settlements';
import { countPlanPayment } from './repayment-plan';
import type { CaseFeatures } from './versions';

export interface CaseControl {
  state: CaseState;
  features: CaseFeatures;
  /** Serialises what awaits agency activities: these handlers and the main loop's placements and recalls. */
  agencyWork: MutexInterface;
  /** Wall-clock now (workflow time). */
  now(): number;
  /** Tells the main loop something changed. */
  wake(): void;
}

function requireOpen(state: CaseState): void {
  if (state.closure) {
    reject('CASE_CLOSED', `case ${state.caseId} is closed (${state.closure.outcome}: ${state.closure.reason}); it takes no more commands`);
  }
}

export function installCaseHandlers(control: CaseControl): void {
  setHandler(messages.caseView, () => viewOf(control.state, control.now()));
  for (const name of COMMAND_NAMES) installCommand(control, name);
  installLoanEvents(control);
}

/** One command: the shared checks and the command's own in the validator; its apply, then the view, in the handler. */
function installCommand<Name extends CommandName>(control: CaseControl, name: Name): void {
  const { state } = control;
  const command = COMMAND_TABLE[name] as Command<CommandRequests[Name]> | AsyncCommand<CommandRequests[Name]>;
  const update = messages.COMMANDS[name] as UpdateDefinition<CaseView, [CommandRequests[Name]]>;
  const context = (): CommandContext => ({ state, features: control.features, wallNow: control.now(), businessNow: nowOf(state, control.now()) });
  const validator = (request: CommandRequests[Name]) => {
    requireOpen(state);
    requireText((request as Actor | undefined)?.actor, 'actor');
    if (command.feature && !control.features[command.feature]) {
      reject('NOT_IN_THIS_RUN', `this run of case ${state.caseId} started before the ${name} command existed; it takes it once the case continues as new`);
    }
    command.validate(state, request, nowOf(state, control.now()));
  };
  const answered = () => {
    control.wake();
    return viewOf(state, control.now());
  };
  if ('exclusive' in command) {
    setHandler(
      update,
      async (request) => {
        if (control.features.agencyWorkExclusive) await control.agencyWork.runExclusive(() => command.apply(context(), request));
        else await command.apply(context(), request);
        return answered();
      },
      { validator },
    );
    return;
  }
  setHandler(
    update,
    (request) => {
      command.apply(context(), request);
      return answered();
    },
    { validator },
  );
}

/** Payments and loan changes from the loan system: signals, so they cannot be refused; what does not apply is dropped. */
function installLoanEvents(control: CaseControl): void {
  const { state } = control;
  setHandler(messages.paymentReceived, (payment) => {
    if (state.closure || state.appliedPayments.includes(payment.reference)) return;
    if (!Number.isInteger(payment.amount) || payment.amount <= 0) return;
    state.appliedPayments.push(payment.reference);
    const { installments, surplus } = applyPayment(state.loan.installments, payment.amount);
    state.loan = {
      ...state.loan,
      installments,
      outstanding: Math.max(0, state.loan.outstanding - payment.amount),
      lastPaymentDate: payment.date,
    };
    for (const hold of state.holds) if (hold.kind === 'promise-to-pay') hold.paidSince = (hold.paidSince ?? 0) + payment.amount;
    countTowardSettlement(state, payment.amount);
    record(state, control.now(), 'payment', payment.reference, `payment of ${payment.amount} ${state.loan.currency} received`, {
      amount: payment.amount,
      date: payment.date,
      surplus,
      outstanding: state.loan.outstanding,
    });
    countPlanPayment(state, control.now(), payment.reference, payment.amount);
    control.wake();
  });

  setHandler(messages.loanUpdated, (loan) => {
    if (state.closure || loan.loanId !== state.loan.loanId) return;
    state.loan = control.features.repaymentPlans ? keepRestructuring(loan, state.loan) : loan;
    record(state, control.now(), 'loan-updated', 'loan-system', 'loan updated by the loan system', { outstanding: loan.outstanding });
    control.wake();
  });
}
