import '@franceconnect-kit/button';
