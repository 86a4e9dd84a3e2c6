// The Chinese interface text, one file per area of the app, merged here. Add a file for a new area
// (and its line below, in alphabetical order) rather than growing someone else's: rebases stay easy.
import admin from './admin';
import auth from './auth';
import authoring from './authoring';
import browser from './browser';
import card from './card';
import classes from './classes';
import common from './common';
import decks from './decks';
import figures from './figures';
import lab from './lab';
import labForm from './lab-form';
import labParams from './lab-params';
import quiz from './quiz';
import quizSets from './quiz-sets';
import result from './result';
import settings from './settings';
import stats from './stats';
import study from './study';
import transfer from './transfer';
import yourData from './your-data';

export default {
  ...admin,
  ...auth,
  ...authoring,
  ...browser,
  ...card,
  ...classes,
  ...common,
  ...decks,
  ...figures,
  ...lab,
  ...labForm,
  ...labParams,
  ...quiz,
  ...quizSets,
  ...result,
  ...settings,
  ...stats,
  ...study,
  ...transfer,
  ...yourData,
} as const;
