export default {
  yourData: {
    title: 'Your data',
    intro: 'Everything this server keeps about you: your profile, settings, interview dates, decks and notes, the state of every card you studied, every review, your classes, quiz attempts and answers, and the lab runs you started.',
    download: 'Download my data',
    downloadHelp: 'One JSON file (never your password or session tokens).',
    delete: 'Delete my account…',
    deleteWarning: 'This deletes your account and everything you own, for good: your decks with their notes and cards (and other people’s reviews and quiz sets of them), the classes you teach, your reviews, attempts and settings. It cannot be undone. Download your data first if you want to keep it.',
    password: 'Your password',
    passwordHelp: 'Type it to confirm.',
    guestConfirm: 'You study as a guest, so there is no password: deleting ends this guest and its progress.',
    confirmDelete: 'Delete my account for good',
    deleting: 'Deleting…',
    deleted: 'Your account has been deleted.',
  },
} as const;
