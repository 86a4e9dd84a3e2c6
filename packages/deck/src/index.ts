export { loadDeckDirectory, parseDeckSources, ZDeckManifest, ZSectionFile, type TDeckManifest, type TDeckSource, type TLoadDeckResult } from './load';
export { formatDeckErrors, type TDeckError, type TDeckLoadResult } from './errors';
export { cardContentHash, canonicalJson } from './hash';
export { evaluateExpression } from './expression';
export { articleDeckDirectory, ARTICLE_SECTIONS, ARTICLE_SOURCE, type TArticleSection } from './article';
export { renderCorrectionsTable, renderCoverageTable } from './coverage';
export { answerTexts, answerWords, MAX_ANSWER_WORDS, type TAnswerText } from './answer-length';
export { countNotesAndCards, type TDeckCounts, type TTypeCount } from './card-counts';
