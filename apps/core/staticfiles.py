"""``django.contrib.staticfiles`` without the ``node_modules`` trees that django-viewflow ships inside its static
folder.

Those trees are the npm packages Viewflow's own build copied its fonts and styles from (roboto-fontface,
material-icons, simple-icons, trix, vis-network, perfect-scrollbar). Their CSS points at files that are not in the
wheel, so the manifest storage of production (``CompressedManifestStaticFilesStorage``) stopped ``collectstatic``
with ``MissingFileError``. No page links them: the templates use the copies one level up
(``viewflow/fonts/roboto/roboto-fontface.css`` and its ``Roboto-*.woff2``, ...), which are collected, hashed and
compressed as before. The manifest stays strict, so a template naming a static file that does not exist still fails
loudly (the deploy stage of CI loads the pages and every asset they link).
"""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "node_modules"]
