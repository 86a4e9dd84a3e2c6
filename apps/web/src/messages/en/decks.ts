export default {
  home: {
    title: 'Prepare for ML interviews with answers you can check',
    intro: 'Recurrence schedules interview questions on RNNs, LSTMs and Transformers with spaced repetition, and backs its answers with small models trained live — so “the gradient vanishes” comes with the gradient.',
  },
  decks: {
    title: 'Decks',
    browse: 'Browse',
    study: 'Study',
    browseDeck: 'Browse {title}',
    studyDeck: 'Study {title}',
    dueNew: '<b>{due, number}</b> due · <b>{new, number}</b> new',
  },
  deck: {
    studyThis: 'Study this deck',
    labRef: ' · lab: {experiment}',
    section: 'Section',
  },
} as const;
