// Stylesheets imported by a component (Vite bundles them into the window's CSS file): a side effect, no exports.
declare module '*.css';
