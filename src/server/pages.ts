/**
 * The facilitator's pages as HTML: the shell a seat's link opens (`shell.ts`), a player seat's
 * board (`sideBoard.ts`), the control cell's (`controlBoard.ts`), the pieces they share
 * (`pageParts.ts`, `decisionForm.ts`), the read-in page (`briefingPage.ts`) and the page script
 * (`pageScript.ts`). Every value is escaped.
 */
export { shellPage } from './shell.js';
export { sideBoard } from './sideBoard.js';
export { controlBoard } from './controlBoard.js';
