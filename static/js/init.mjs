// Starts GOV.UK Frontend's components (service navigation menu, error summary focus,
// notification banners and so on). base.html loads this as a module, so browsers too old
// for GOV.UK Frontend's JavaScript never run it. In production the static files storage
// rewrites the path below to the hashed file name (config/storage.py). Keep the word for
// loading a module out of these comments: Django's rewriting skips a match that starts in one.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
