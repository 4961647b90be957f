"""Inspection pages (``inspection`` application of the Viewflow shell) and the public report pages."""
