// Stands in for `got` inside Electronegativity during tests: its only use is fetching translations from the
// internet, which tests never reach. Failing at once makes it fall back to the English texts it ships.
module.exports = () => Promise.reject(new Error('offline: Electronegativity translations are not fetched in tests'));
