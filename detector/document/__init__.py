"""Stage 3, the document: features of the whole text, the calibrated LightGBM heads, and the
score, label and reasons of the report."""
