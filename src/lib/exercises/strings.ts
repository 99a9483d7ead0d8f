/** UI strings of the exercise and assignment pages, in both languages. */
/** The English strings; their shape is the type the Chinese ones must fill, key for key. */
const en = {
  exercises: 'Exercises',
  allExercises: 'All exercises',
  step: 'Builds on step',
  hints: 'Hints',
  showHint: (n: number, total: number) => `Show hint (${n}/${total})`,
  noMoreHints: 'No more hints',
  solution: 'Solution',
  showSolution: 'Show the solution and a diff against your code',
  solutionRevealed: (when: string) => `You revealed the solution on ${when}.`,
  solutionPrivate: 'This exercise’s solution is not public (your instructor grades it).',
  kind: { practice: 'Practice', private: 'Graded' },
  kindHelp: {
    practice:
      'A step’s code implements the same function, and the solution can be shown on this page: good for learning, not for a grade.',
    private: 'Its solution is nowhere on this site, so it can count toward a grade.',
  },
  solved: 'Solved',
  tried: (p: number, t: number) => `${p}/${t} passing`,
  notStarted: 'Not started',
  editable: 'Files to edit',
  forChapter: 'Exercises for this chapter',
  goFurther: 'Go further',
  goFurtherIntro:
    'These exercises build what real Tornado has beyond this chapter; their solutions are not published, so they can count toward a grade.',
  difficulty: { easy: 'Easy', medium: 'Medium', hard: 'Hard' },
  difficultyLabel: 'Difficulty',
  builds: 'The Tornado code it rebuilds',
  fromSteps: 'Exercises from the chapters’ steps',
  extensions: 'Beyond the book',
  assignment: 'Assignment',
  builderTitle: 'Build an assignment',
  courseStart: 'Start from a ready course',
  courseNone: '(none)',
  courseWeek: (n: number, title: string, count: number, points: number) =>
    `Week ${n}: ${title} (${count} exercises, ${points} points)`,
  title: 'Title',
  id: 'Assignment id',
  due: 'Due',
  notes: 'Notes',
  makeLink: 'Make link',
  link: 'Link to share with students',
  studentId: 'Student id',
  studentName: 'Name',
  export: 'Export submission',
  receipt: 'Receipt code',
  receiptHelp: 'Paste the receipt code in the comment when you upload the file.',
  open: 'Open',
  badLink: 'This assignment link cannot be read: ',
  defaultTitle: 'Event loop basics',
  pickOne: 'Pick at least one exercise.',
  copyLink: 'Copy link',
  copied: 'Copied to the clipboard.',
  copyFailed:
    'The clipboard is not available: the link is selected, press Ctrl+C (or ⌘C) to copy it.',
  yamlTitle: 'The assignment file for the grading command',
  yamlHelp:
    'Save it as assignment.yaml and pass it to grade --assignment; the link command makes the same link from it.',
  downloadYaml: 'Download assignment.yaml',
  howTo: [
    'Open each exercise, read its instructions and complete the code in the editor.',
    'Press Check to run the visible tests; your instructor also runs tests you do not see.',
    'When you are done, enter your id and name at the bottom, export your submission and paste the receipt code when you upload it.',
  ],
  openExercise: (title: string) => `Open: ${title}`,
  instructions: 'Instructions',
  solvedNext: 'Every visible check passes. Next:',
  allSolved:
    'Every exercise passes its visible checks: enter your id and name below and export your submission.',
  exportWarning: (n: number, total: number) =>
    `${n} of ${total} exercises are not started: their starter code would be handed in and score 0.`,
  exportAnyway: 'Export anyway',
  exportTitle: 'Hand in',
};

/** The strings of the exercise, assignment and builder pages in one language. */
export type ExerciseStrings = typeof en;

const zh: ExerciseStrings = {
  exercises: '练习',
  allExercises: '全部练习',
  step: '基于步骤',
  hints: '提示',
  showHint: (n: number, total: number) => `显示提示（${n}/${total}）`,
  noMoreHints: '没有更多提示了',
  solution: '参考答案',
  showSolution: '显示答案和与你代码的差异',
  solutionRevealed: (when: string) => `你在 ${when} 查看过答案。`,
  solutionPrivate: '这道题的答案不公开（由老师评分）。',
  kind: { practice: '练习题', private: '评分题' },
  kindHelp: {
    practice: '步骤里的代码实现了同一个函数，答案可以在本页查看：适合自测，不适合计分。',
    private: '网站上任何地方都没有这道题的答案，可以用来计分。',
  },
  solved: '已通过',
  tried: (p: number, t: number) => `${p}/${t} 通过`,
  notStarted: '未开始',
  editable: '要修改的文件',
  forChapter: '本章练习',
  goFurther: '更进一步',
  goFurtherIntro: '这些练习实现本章之外、真实 Tornado 具备的功能；答案不公开，可以用来计分。',
  difficulty: { easy: '入门', medium: '进阶', hard: '挑战' },
  difficultyLabel: '难度',
  builds: '对应的 Tornado 代码',
  fromSteps: '出自各章步骤的练习',
  extensions: '超出本书的练习',
  assignment: '作业',
  builderTitle: '布置作业',
  courseStart: '从现成课程开始',
  courseNone: '（不使用）',
  courseWeek: (n: number, title: string, count: number, points: number) =>
    `第 ${n} 周：${title}（${count} 道题，${points} 分）`,
  title: '标题',
  id: '作业编号',
  due: '截止日期',
  notes: '说明',
  makeLink: '生成链接',
  link: '分享给学生的链接',
  studentId: '学号',
  studentName: '姓名',
  export: '导出提交',
  receipt: '回执码',
  receiptHelp: '上传文件时把回执码贴到留言里。',
  open: '打开',
  badLink: '这个作业链接无法读取：',
  defaultTitle: '事件循环基础',
  pickOne: '至少选一道练习。',
  copyLink: '复制链接',
  copied: '已复制到剪贴板。',
  copyFailed: '无法访问剪贴板：链接已选中，按 Ctrl+C（或 ⌘C）复制。',
  yamlTitle: '给评分命令用的作业文件',
  yamlHelp:
    '把它保存为 assignment.yaml，评分时传给 grade --assignment；link 命令也能用它重新生成同一个链接。',
  downloadYaml: '下载 assignment.yaml',
  howTo: [
    '逐道打开练习，读说明，在编辑器里补全代码。',
    '点“检查”运行可见的测试；老师评分时还会运行你看不到的测试。',
    '全部完成后，在页面底部填写学号和姓名，导出提交文件，上传时附上回执码。',
  ],
  openExercise: (title: string) => `打开：${title}`,
  instructions: '说明',
  solvedNext: '可见的检查全部通过。下一道：',
  allSolved: '每道练习的可见检查都通过了：在下面填写学号和姓名，然后导出提交。',
  exportWarning: (n: number, total: number) =>
    `${total} 道练习里有 ${n} 道还没开始：导出的是它们的初始代码，会得 0 分。`,
  exportAnyway: '仍然导出',
  exportTitle: '提交',
};

export const exerciseStrings: Record<'zh' | 'en', ExerciseStrings> = { zh, en };

/** localStorage key of an exercise's progress (`{ passed, total, at }`), per pinned version. */
export const progressKey = (id: string) => `tal-exercise-progress:${id}`;
/** localStorage key recording when the solution was revealed. */
export const revealKey = (id: string) => `tal-exercise-solution:${id}`;
