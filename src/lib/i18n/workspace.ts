/** Interface strings of the workspace, in both languages. */
import type { Lang } from '../content/schemas.ts';

/** The English strings; their shape is the type every language must fill. */
const en = {
  run: 'Run',
  stop: 'Stop',
  check: 'Check',
  checking: 'Running the checks…',
  checked: (passed: number, total: number) => `${passed} of ${total} checks pass.`,
  checkStopped:
    'Check stopped before the tests finished: no result, and your progress is unchanged.',
  checkTimedOut: (seconds: number) =>
    `The checks did not finish within ${seconds} s, this exercise's time limit, and were stopped: the code may loop forever or wait for something that never happens. Your progress is unchanged.`,
  pass: 'pass',
  fail: 'fail',
  expected: 'Expected',
  actual: 'Actual',
  expectedTimeline: 'Expected order',
  actualTimeline: 'Actual order',
  resetFile: 'Reset file',
  resetStep: 'Reset step',
  stepDiff: 'What this step changed',
  ownDiff: 'Compare with original',
  closeDiff: 'Close comparison',
  exportWork: 'Export my work',
  importWork: 'Import work',
  runtime: 'Runtime',
  auto: 'Auto',
  worker: 'In-page Worker',
  webcontainer: 'WebContainer (real Node)',
  files: 'Files',
  modified: 'modified',
  readOnly: 'read-only',
  contractNote:
    'The contract every step runs on (clock, poller, output). Read it; it cannot be edited here.',
  editorLabel: (file: string) => `Editor: ${file}. Press Escape then Tab to leave the editor.`,
  plainEditorLabel: (file: string) => `Plain editor: ${file}`,
  output: 'Output',
  loadingEditor: 'Loading the editor…',
  loadingRuntime: 'Loading the runtime…',
  compiling: 'Compiling…',
  running: (runtime: string) => `Running in the ${runtime}…`,
  serving: (port: number, runtime: string) => `Serving on port ${port} in the ${runtime}.`,
  startingServer: (runtime: string) => `Starting the server in the ${runtime}…`,
  compileErrors: 'Compile errors',
  /** Before a step shown ahead of the steps it builds on: they come later here, or by chapter `readyBy`. */
  previewNote: (step: string, readyBy: 'here' | number) =>
    `Preview: step ${step} builds on steps that ${readyBy === 'here' ? 'this chapter shows further down' : `are all shown only by chapter ${readyBy}`}. Read it for where the book is going.`,
  ofStep: (label: string, step: string) => `${label} (step ${step})`,
  unchanged: (n: number) => `${n} unchanged`,
  notIsolated:
    'Real Node (WebContainer) needs a cross-origin isolated page, which this one is not; runs use the in-page Worker runtime.',
  bootFailed: (why: string) =>
    `Real Node (WebContainer) could not start: ${why}. Runs use the in-page Worker runtime instead.`,
  notJson: (file: string) => `${file} is not a JSON file.`,
  exited: (code: number, ms: number, runtime: string, first: string) =>
    `Exited with code ${code} after ${ms} ms${first} · ${runtime}`,
  firstOutput: (ms: number) => ` (first output after ${ms} ms)`,
  stopped: (runtime: string) => `Stopped · ${runtime}`,
  compileFailed: (n: number) =>
    `Could not compile: ${n} error${n === 1 ? '' : 's'}. Fix and run again.`,
  typeErrors: (n: number) => `${n} type error${n === 1 ? '' : 's'} (the code still runs)`,
  confirmResetFile: (file: string) => `Discard your changes to ${file}?`,
  confirmResetStep: 'Discard all your changes in this step?',
  saved: 'Saved in this browser.',
  imported: (n: number) =>
    `Imported ${n} saved file${n === 1 ? '' : 's'}. Reload to see them everywhere.`,
  noChanges: 'No differences.',
  firstStep: 'This is the first step: every file is new.',
  requestPanel: 'Send a request to the running server',
  method: 'Method',
  path: 'Path',
  headers: 'Headers (one per line)',
  body: 'Body',
  preset: 'Preset',
  send: 'Send',
  response: 'Raw response',
  refused: (why: string) => `— the server refused the request: ${why}`,
  waitingForServer: 'Waiting for the server to start listening…',
  neverListened: (seconds: number) =>
    `No response: the server never started listening (waited ${seconds} s). See the output below.`,
  exitedBeforeListening:
    'No response: the server exited before it started listening. See the output below.',
  stoppedBeforeListening: 'No response: the server was stopped before it started listening.',
  notCompiled: 'No response: the server did not compile. See the errors above.',
  notStarted: 'No response: the server could not be started. See the notice above.',
  exitedDuringRequest:
    'No response: the server exited (or was stopped) before it answered. See the output below.',
  preview: 'Preview',
  runtimeNames: { worker: 'in-page Worker runtime', webcontainer: 'WebContainer (real Node)' },
};

/** The workspace strings of one language. */
export type WorkspaceStrings = typeof en;

const zh: WorkspaceStrings = {
  run: '运行',
  stop: '停止',
  check: '检查',
  checking: '正在运行检查…',
  checked: (passed: number, total: number) => `${total} 项检查中通过 ${passed} 项。`,
  checkStopped: '检查在测试跑完之前被停止：没有结果，你的进度保持不变。',
  checkTimedOut: (seconds: number) =>
    `检查没能在 ${seconds} 秒（本题的时间上限）内结束，已被停止：代码可能陷入了死循环，或在等待一件永远不会发生的事。你的进度保持不变。`,
  pass: '通过',
  fail: '未通过',
  expected: '期望',
  actual: '实际',
  expectedTimeline: '期望的顺序',
  actualTimeline: '实际的顺序',
  resetFile: '还原文件',
  resetStep: '还原本步',
  stepDiff: '本步改了什么',
  ownDiff: '与原始代码比较',
  closeDiff: '关闭比较',
  exportWork: '导出我的代码',
  importWork: '导入代码',
  runtime: '运行环境',
  auto: '自动',
  worker: '页内 Worker',
  webcontainer: 'WebContainer（真实 Node）',
  files: '文件',
  modified: '已修改',
  readOnly: '只读',
  contractNote: '每一步都运行在这份约定之上（时钟、轮询器、输出）。可以阅读，这里不能修改。',
  editorLabel: (file: string) => `编辑器：${file}。先按 Esc 再按 Tab 可离开编辑器。`,
  plainEditorLabel: (file: string) => `纯文本编辑器：${file}`,
  output: '输出',
  loadingEditor: '正在加载编辑器…',
  loadingRuntime: '正在加载运行环境…',
  compiling: '正在编译…',
  running: (runtime: string) => `正在 ${runtime} 中运行…`,
  serving: (port: number, runtime: string) => `服务器在 ${runtime} 中监听端口 ${port}。`,
  startingServer: (runtime: string) => `正在 ${runtime} 中启动服务器……`,
  compileErrors: '编译错误',
  previewNote: (step: string, readyBy: 'here' | number) =>
    `预览：第 ${step} 步建立在前面几步之上，而它们${readyBy === 'here' ? '在本章后面才出现' : `要到第 ${readyBy} 章才全部出现`}。先看个大概，知道本书要往哪里走。`,
  ofStep: (label: string, step: string) => `${label}（第 ${step} 步）`,
  unchanged: (n: number) => `${n} 行未改动`,
  notIsolated:
    '真实 Node（WebContainer）需要跨源隔离的页面，而本页不是；运行改用页内 Worker 运行环境。',
  bootFailed: (why: string) =>
    `真实 Node（WebContainer）没能启动：${why}。运行改用页内 Worker 运行环境。`,
  notJson: (file: string) => `${file} 不是 JSON 文件。`,
  exited: (code: number, ms: number, runtime: string, first: string) =>
    `进程退出，退出码 ${code}，用时 ${ms} 毫秒${first} · ${runtime}`,
  firstOutput: (ms: number) => `（首行输出 ${ms} 毫秒）`,
  stopped: (runtime: string) => `已停止 · ${runtime}`,
  compileFailed: (n: number) => `编译失败：${n} 个错误。改正后再运行。`,
  typeErrors: (n: number) => `${n} 个类型错误（代码仍可运行）`,
  confirmResetFile: (file: string) => `放弃对 ${file} 的修改？`,
  confirmResetStep: '放弃本步中的全部修改？',
  saved: '已保存在此浏览器中。',
  imported: (n: number) => `已导入 ${n} 个文件。刷新页面后各处都会显示。`,
  noChanges: '没有差异。',
  firstStep: '这是第一步：所有文件都是新的。',
  requestPanel: '向运行中的服务器发送请求',
  method: '方法',
  path: '路径',
  headers: '请求头（每行一个）',
  body: '请求体',
  preset: '预设',
  send: '发送',
  response: '原始响应',
  refused: (why: string) => `—— 服务器拒绝了这个请求：${why}`,
  waitingForServer: '正在等待服务器开始监听……',
  neverListened: (seconds: number) =>
    `没有响应：服务器始终没有开始监听（已等待 ${seconds} 秒）。请看下方的输出。`,
  exitedBeforeListening: '没有响应：服务器在开始监听之前就退出了。请看下方的输出。',
  stoppedBeforeListening: '没有响应：服务器在开始监听之前就被停止了。',
  notCompiled: '没有响应：服务器没能编译通过。请看上方的错误。',
  notStarted: '没有响应：服务器没能启动。请看上方的提示。',
  exitedDuringRequest: '没有响应：服务器在回复之前就退出了（或被停止）。请看下方的输出。',
  preview: '预览',
  runtimeNames: { worker: '页内 Worker 运行环境', webcontainer: 'WebContainer（真实 Node）' },
};

const strings: Record<Lang, WorkspaceStrings> = { en, zh };

/** The workspace strings for `lang`. */
export function workspaceStrings(lang: Lang): WorkspaceStrings {
  return strings[lang];
}
