// Dev-server proxy: the portal calls the API on the same origin under /api.
// The launcher points it elsewhere with APEX_API_URL.
const target = process.env.APEX_API_URL ?? 'http://127.0.0.1:3000';

module.exports = {
  '/api': { target, secure: false, changeOrigin: true },
};
