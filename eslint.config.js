export { default } from 'rungs-lint';
