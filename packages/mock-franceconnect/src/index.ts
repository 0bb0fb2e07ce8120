export { pairwiseSubject } from './subject.js';
