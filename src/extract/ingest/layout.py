"""Page layout: the tolerances that turn positioned words into lines, columns and paragraphs."""

FURNITURE_BAND = 0.10  # running headers and footers live in the top and bottom 10% of a page
FURNITURE_MIN_PAGE_SHARE = 0.5  # a line is a running header/footer if it recurs on half the pages
LINE_TOLERANCE = 3.0  # words whose tops differ by less than this are on one line
COLUMN_GAP_EM = 2.5  # a horizontal gap wider than this many font sizes splits a line into columns
INDENT_TOLERANCE = 4.0  # a line starting further right than the body margin by more than this is indented
FULL_LINE_TOLERANCE = 0.06  # a line ending within 6% of the text width from the right margin is full
PARAGRAPH_GAP_FACTOR = 1.45  # a vertical gap wider than this many line pitches starts a paragraph
