"""Static files storage for production: WhiteNoise's compressed, hashed files, plus ES modules.

With hashed file names a relative `import ... from "../govuk/govuk-frontend.min.js"` would load
the unhashed file, which the manifest storage does not serve with far-future caching and which
WhiteNoise may not serve at all. Django rewrites such imports when
`support_js_module_import_aggregation` is on, but only in files named `*.js`. Our own modules
(static/js/*.mjs) get the same rewriting here. GOV.UK Frontend's own `.mjs` files are left alone:
we load its single-file bundle, so nothing imports them.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

_base = CompressedManifestStaticFilesStorage
# Django's patterns for `import`/`export ... from`, `import "x"` and `import("x")`.
_MODULE_IMPORTS = _base._js_module_import_aggregation_patterns[1]
_SOURCE_MAPS = dict(_base.patterns)["*.js"]


class StaticFilesStorage(_base):
    """Hashed, compressed static files whose ES module imports point at the hashed names."""

    patterns = (*_base.patterns, ("js/*.mjs", (*_SOURCE_MAPS, *_MODULE_IMPORTS)))
