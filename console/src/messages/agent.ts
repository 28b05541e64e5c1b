// The agent pages' words. English is the source; zh-CN must name every key.
export const en = {};

export const zhCN: Record<keyof typeof en, string> = {};
