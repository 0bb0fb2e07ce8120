// The page of an unknown address (404).
import '../site.js';
