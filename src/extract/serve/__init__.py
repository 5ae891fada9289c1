"""`extract serve` and `extract review`: the dataset in a browser.

The top layer beside the CLI (it reads the dataset, verify's gold format, the pipeline for a file
given to `extract review`; nothing below imports it). Modules:
- `data`: what the pages read of a dataset folder (documents, one document's rows, search with
  facets, comparison rows), cached until the Parquet files change.
- `review`: the review page of one document as template data: the text cut into escaped segments
  around every figure, page marks, the outline, the figures and checks as JSON for the page's script.
- `app`: the Starlette application, its routes, error pages and security headers.
- `templates/` (Jinja2, autoescaped) and `static/` (the stylesheet and the review script, served by
  the app itself: no page loads anything from another site).

Safety: every string of a document (text, titles, names, paths) reaches the page through Jinja2's
autoescaping or the script's `textContent`, never as markup; figures' data travels as JSON in a
`<script type="application/json">` island (Jinja2's `tojson` escapes `<`, `>`, `&`, `'`); pages
are sent with a Content-Security-Policy that allows only the app's own script and style; URLs name
documents by doc_id only (16 hex digits), never by a path of the file system.
"""
