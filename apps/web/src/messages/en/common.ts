export default {
  meta: {
    title: 'Recurrence — ML interview prep with worked answers',
    description: 'Spaced repetition and quizzes for machine-learning interviews, with answers worked by models trained live.',
  },
  nav: {
    skip: 'Skip to content',
    main: 'Main',
    decks: 'Decks',
    study: 'Study',
    lab: 'Lab',
    stats: 'Statistics',
    settings: 'Settings',
    admin: 'Admin',
  },
  common: {
    loading: 'Loading…',
    allDecks: 'All decks',
    deck: 'Deck',
    save: 'Save',
    cancel: 'Cancel',
    cardCount: '{count, plural, one {# card} other {# cards}}',
    retry: 'Try again',
    home: 'Back to the start page',
  },
  cardLanguage: {
    label: 'Card language',
  },
  theme: {
    system: 'System',
    light: 'Light',
    dark: 'Dark',
  },
  errors: {
    notFoundTitle: 'Page not found',
    notFoundText: 'There is no page at this address. It may have moved, or the link may be mistyped.',
    failedTitle: 'Something went wrong',
    failedText: 'This page could not be loaded. Try again in a moment.',
    failedDetail: 'What went wrong: {message}',
    failedReference: 'Reference for the server log: {digest}',
  },
  ui: {
    language: 'Interface language',
    theme: 'Theme',
  },
} as const;
