"""What the review UI (`app.py`) shows and keeps: escaped HTML of reports (`html`) and the
reviewers' verdicts (`verdicts`). Calls the public API only."""
