"""Review UI: `streamlit run app.py`. One document or a batch; spans lit up; verdicts saved.

A reviewer decides page after page whether text was spun or machine-translated, and must
see why in seconds: suspect phrases highlighted by kind and strength with the likely
original beside each, the calibrated score and its reasons, boilerplate greyed out, and in
a batch the worst pages first. Verdicts, dismissed spans and the allowlist persist in a
SQLite file: `DETECTOR_VERDICTS` fixes it; otherwise the sidebar takes a file name (never a
path) inside `DETECTOR_VERDICTS_DIR` (default the working folder).

Everything shown is computed by the public API (`detector.score`, `detector.batch.records`,
`detector.batch.outputs`); every piece of user text reaches HTML through `detector.review.html`,
which escapes it, and is drawn with `st.html` (never Markdown, which would read a pasted image
link or heading); user text in captions, errors and labels goes through `review.markdown_text`.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from pathlib import Path

import streamlit as st

from detector.batch import outputs, records
from detector.batch.run import Result
from detector.review import html as review
from detector.review import verdicts
from detector.review.html import Reviewed
from detector.types import Report

ROOT = Path(__file__).resolve().parent
SAMPLES = ROOT / "data" / "samples"
BATCH_SAMPLE = SAMPLES / "review_batch.jsonl"
MAX_UPLOAD_MB = float(os.environ.get("DETECTOR_MAX_UPLOAD_MB", "10"))
UPLOAD_TYPES = ["txt", "md", "html", "htm", "jsonl", "ndjson", "csv"]
OPENED = "opened-document"  # the batch view's container for the page opened from the table


@st.cache_resource(show_spinner="Loading the detector (once)...")
def _warm() -> bool:
    """Load the language-model tables, thesaurus and classifier once per server process."""
    from detector import score

    score("The detector is warming up its resources.")
    return True


@st.cache_resource
def _store(path: str) -> verdicts.VerdictStore:
    return verdicts.VerdictStore(path)


@st.cache_data(max_entries=1000, show_spinner=False)
def _score(text: str, source_format: str, allowed: tuple[str, ...], deep: bool = False) -> Report:
    from detector import score

    # One document at a time is reviewed: its deep check can afford the thorough suggestions.
    return score(text, format=source_format, allow=list(allowed), deep="thorough" if deep else False)  # type: ignore[arg-type]


def _deep_toggle() -> bool:
    """The sidebar switch for the deep tier, or off with the reason when its extra is missing."""
    import detector

    try:
        detector.check_deep()
    except detector.DeepUnavailable as error:
        st.toggle("Deep check (neural language model)", value=False, disabled=True, help=str(error), key="deep")
        return False
    return st.toggle(
        "Deep check (neural language model)",
        value=False,
        help="Verify discovered spans with SmolLM2, weigh them in the score and let it choose every suggested "
        "original: more found, lightly spun pages told apart better, better suggestions, slower (a page takes "
        "several seconds)",
        key="deep",
    )


def _reviewed(name: str, record: records.Record, allowed: tuple[str, ...], deep: bool = False) -> Reviewed:
    """A record scored for review; `deep` adds the neural check (one document at a time: it is slow)."""
    if record.text is None:
        return Reviewed(verdicts.document_key(name), name, "", None, record.error)
    report = _score(record.text, record.format, allowed, deep)
    return Reviewed(verdicts.document_key(record.text), name, record.text, report)


def _upload_records(name: str, data: bytes) -> list[records.Record]:
    return list(records.read_bytes(name, data, max_bytes=int(MAX_UPLOAD_MB * 1_000_000)))


def _too_big(name: str, data: bytes) -> bool:
    if len(data) > MAX_UPLOAD_MB * 1_000_000:
        st.error(
            f"{review.markdown_text(name)} is {len(data) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_MB:g} MB "
            "(set DETECTOR_MAX_UPLOAD_MB to change it)."
        )
        return True
    return False


def _record_name(record: records.Record) -> str:
    label = Path(record.source).name + (f":{record.line}" if record.line is not None else "")
    return f"{label} ({record.id})" if record.id else label


# --- one document ------------------------------------------------------------------------


def _pick_document(store: verdicts.VerdictStore, allowed: tuple[str, ...]) -> Reviewed | None:
    source = st.radio("Document", ["Sample", "Paste", "Upload"], horizontal=True, key="source")
    if source == "Paste":
        text = st.text_area("Text or HTML", height=180, key="pasted", placeholder="Paste an article or a page here")
        if not text.strip():
            st.info("Paste some text to score it.")
            return None
        return _reviewed("pasted text", records.Record("pasted", None, None, text), allowed, _deep_on())
    if source == "Upload":
        upload = st.file_uploader("A .txt, .html, .jsonl or .csv file", type=UPLOAD_TYPES, key="one_upload")
        if upload is None:
            return None
        data = upload.getvalue()
        if _too_big(upload.name, data):
            return None
        found = _upload_records(upload.name, data)
        if len(found) > 1:
            names = [_record_name(r) for r in found]
            index = st.selectbox("Record", range(len(found)), format_func=names.__getitem__, key="one_record")
            return _reviewed(names[index], found[index], allowed, _deep_on())
        return _reviewed(_record_name(found[0]), found[0], allowed, _deep_on()) if found else None
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    name = st.selectbox("Bundled sample (written by the team)", samples, key="sample")
    [record] = records.read([str(SAMPLES / name)])
    return _reviewed(name, record, allowed, _deep_on())


def _deep_on() -> bool:
    return bool(st.session_state.get("deep"))


def _render_document(doc: Reviewed, store: verdicts.VerdictStore, allowed: tuple[str, ...] = ()) -> None:
    """The highlighted text, score, reasons, spans and the verdict controls for one document
    (rescored with the deep check when it is on: the batch table itself stays fast)."""
    if doc.report is not None and _deep_on() and not any("neural" in s.reason for s in doc.report.spans):
        with st.spinner("Deep check..."):
            doc = replace(doc, report=_score(doc.text, doc.report.source_format, allowed, True))
    if doc.report is None:
        st.error(f"{review.markdown_text(doc.name)} could not be scored: {review.markdown_text(doc.error)}")
        return
    report = doc.report
    shown = report.text if report.text is not None else doc.text
    dismissed = store.dismissed(doc.key)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.html(review.STYLE + review.legend_html())
        restored = st.toggle("Show the restored text (suggestions applied)", key=f"restore-{doc.key}")
        if restored:
            body = review.restored_html(shown, report.spans, dismissed)
        else:
            body = review.highlight_html(shown, report.spans, report.quality.boilerplate, dismissed)
        st.html(body)
    with right:
        _render_verdict_panel(doc, report, store, dismissed)
    if report.spans:
        _render_span_table(report, dismissed)


def _render_span_table(report: Report, dismissed: set[tuple[int, int]]) -> None:
    """Every span in a table across the page: in the narrow verdict column its kind was cut off."""
    st.dataframe(
        review.span_rows(report.spans, dismissed),
        hide_index=True,
        width="stretch",
        height=min(300, 40 + 35 * len(report.spans)),
        column_config={
            "text": st.column_config.TextColumn("text", width=150),
            "suggestion": st.column_config.TextColumn("suggestion", width=150),
            "kind": st.column_config.TextColumn("kind", width=190),  # "machine-translation artifact" whole
            "strength": st.column_config.NumberColumn("strength", width=70, format="%.2f"),
            "dismissed": st.column_config.CheckboxColumn("dismissed", width=80),
            "reason": st.column_config.TextColumn("reason", width="large"),
        },
    )


def _render_verdict_panel(
    doc: Reviewed, report: Report, store: verdicts.VerdictStore, dismissed: set[tuple[int, int]]
) -> None:
    st.html(review.verdict_header_html(doc.name, report))
    st.caption(f"{report.n_words} words · {len(report.spans)} suspect spans · calibrated probabilities")
    if report.low_confidence:
        st.warning("Short text: too few words to judge with confidence.")
    if report.reasons:
        st.markdown("**Why**\n" + review.reason_markdown(report.reasons))
    if report.quality.flags:
        st.markdown(
            "**Quality flags**\n" + "\n".join(f"- {review.markdown_text(f.reason)}" for f in report.quality.flags)
        )
    for note in report.notes:
        st.caption(review.markdown_text(note))
    current = store.verdict(doc.key)
    with st.form(f"verdict-{doc.key}"):
        choice = st.radio(
            "Verdict",
            verdicts.VERDICTS,
            index=verdicts.VERDICTS.index(current.verdict) if current else 3,
            horizontal=True,
            format_func={"spun": "spun", "mt": "machine-translated", "clean": "clean", "unsure": "unsure"}.get,
            key=f"verdict-choice-{doc.key}",
        )
        comment = st.text_input("Comment", value=current.comment if current else "", key=f"verdict-note-{doc.key}")
        if st.form_submit_button("Save verdict", type="primary"):
            store.set_verdict(
                doc.text, doc.name, choice, comment, score=report.score, mt_score=report.mt_score, label=report.label
            )
            st.success(f"Saved: {choice}")
    if current:
        st.caption(
            f"Saved verdict: {current.verdict}"
            + (f" ({review.markdown_text(current.comment)})" if current.comment else "")
        )
    if report.spans:
        _render_span_actions(doc, report, store, dismissed)


def _render_span_actions(
    doc: Reviewed, report: Report, store: verdicts.VerdictStore, dismissed: set[tuple[int, int]]
) -> None:
    with st.expander("False alarm? Dismiss a span or allow a phrase everywhere"):
        labels = [
            f"{s.text}" + (f" -> {s.suggestion}" if s.suggestion else "") + (" (dismissed)" if (s.start, s.end) in dismissed else "")
            for s in report.spans
        ]  # fmt: skip
        index = st.selectbox("Span", range(len(labels)), format_func=labels.__getitem__, key=f"span-{doc.key}")
        span = report.spans[index]
        note = st.text_input("Comment", key=f"span-note-{doc.key}")
        one, two, three = st.columns(3)
        if one.button("Dismiss here", key=f"dismiss-{doc.key}"):
            store.dismiss_span(doc.key, span.start, span.end, span.text, note)
            st.rerun()
        if two.button("Restore", key=f"restore-span-{doc.key}", disabled=(span.start, span.end) not in dismissed):
            store.restore_span(doc.key, span.start, span.end)
            st.rerun()
        if three.button("Allow everywhere", key=f"allow-{doc.key}"):
            store.allow(span.text, note)
            st.rerun()


# --- batch triage ------------------------------------------------------------------------


def _batch_documents(allowed: tuple[str, ...]) -> list[Reviewed]:
    uploads = st.file_uploader(
        "Upload documents, or JSONL/CSV files of records (field or column `text`, optional `id`)",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="batch_upload",
    )
    use_sample = st.checkbox(
        f"Include the bundled batch ({BATCH_SAMPLE.name}: 100 team-written documents)",
        value=not uploads,
        key="batch_sample",
    )
    found: list[records.Record] = []
    if use_sample:
        found += records.read([str(BATCH_SAMPLE)])
    for upload in uploads or []:
        data = upload.getvalue()
        if not _too_big(upload.name, data):
            found += _upload_records(upload.name, data)
    if not found:
        return []
    progress = st.progress(0.0, text="Scoring...")
    docs = []
    for i, record in enumerate(found, 1):
        docs.append(_reviewed(_record_name(record), record, allowed))
        progress.progress(i / len(found), text=f"Scored {i} of {len(found)}")
    progress.empty()
    return docs


def _render_batch(store: verdicts.VerdictStore, allowed: tuple[str, ...]) -> None:
    docs = _batch_documents(allowed)
    if not docs:
        st.info("Upload documents or include the bundled batch.")
        return
    saved = store.verdicts()
    rows = [review.table_row(d, saved.get(d.key)) for d in docs]
    labels = sorted({r["label"] for r in rows})
    c1, c2, c3 = st.columns([2, 2, 3])
    chosen = c1.multiselect("Label", labels, default=labels, key="filter_label")
    minimum = c2.slider("Minimum spun score", 0.0, 1.0, 0.0, 0.05, key="filter_score")
    search = c3.text_input("Name contains", key="filter_name")
    shown = [
        i
        for i, r in enumerate(rows)
        if r["label"] in chosen and (r["score"] or 0.0) >= minimum and search.lower() in r["document"].lower()
    ]
    shown.sort(key=lambda i: -(rows[i]["score"] or 0.0))  # the pages that need a look first
    st.caption(f"{len(shown)} of {len(rows)} documents · sorted by spun score · click a row to open it")
    event = st.dataframe(
        [rows[i] for i in shown],
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="triage",
        column_config={
            "score": st.column_config.ProgressColumn("spun", min_value=0.0, max_value=1.0, format="%.2f"),
            "mt_score": st.column_config.ProgressColumn("MT", min_value=0.0, max_value=1.0, format="%.2f"),
        },
    )
    results = [Result(records.Record(d.name, None, None, d.text), d.report, d.error) for d in docs]
    d1, d2, _ = st.columns([1, 1, 3])
    d1.download_button("Download JSONL", _written("jsonl", results), "detector-results.jsonl", "application/jsonl")
    d2.download_button("Download CSV", _written("csv", results), "detector-results.csv", "text/csv")
    selected = list(event.selection.rows) if event and event.selection else []
    if not selected and st.query_params.get("open") == "top" and shown:
        selected = [0]  # a link can open the page that needs a look first (?view=batch&open=top)
    if selected:
        st.divider()
        doc = docs[shown[selected[0]]]
        with st.container(key=OPENED):
            _render_document(doc, store, allowed)
        # The opened page sits below the table, out of sight on a laptop screen: bring it up.
        st.html(review.scroll_into_view_html(OPENED, doc.key), unsafe_allow_javascript=True)


def _written(kind: str, results: list[Result]) -> str:
    out = io.StringIO()
    writer = outputs.WRITERS[kind](out)
    for result in results:
        writer.write(result)
    return out.getvalue()


# --- page --------------------------------------------------------------------------------


def _store_path() -> Path | None:
    """The verdict store: fixed by $DETECTOR_VERDICTS (the operator's choice, shown by name only),
    else a file name typed in the sidebar and kept inside $DETECTOR_VERDICTS_DIR. Anyone with
    the page can fill the field, so it must not create folders or add tables to other files."""
    fixed = os.environ.get(verdicts.ENV_PATH)
    if fixed:
        st.caption(f"Verdict store: {review.markdown_text(Path(fixed).name)} (set by DETECTOR_VERDICTS)")
        return Path(fixed)
    name = st.text_input(
        "Verdict store (file name)",
        value=verdicts.DEFAULT_PATH,
        key="store_path",
        help="A .sqlite3 file in the folder DETECTOR_VERDICTS_DIR names (default: the folder the app runs in); "
        "set DETECTOR_VERDICTS to fix the store for everyone",
    )
    try:
        return verdicts.named_store_path(name)
    except ValueError as error:
        st.error(review.markdown_text(error))
        return None


def main() -> None:
    st.set_page_config(page_title="detector review", layout="wide")
    st.title("detector · review")
    st.caption("Suspect phrases lit up by kind and strength, the likely original beside each; hover a phrase for why.")
    with st.sidebar:
        views = ["One document", "Batch triage"]
        start = 1 if st.query_params.get("view") == "batch" else 0
        view = st.radio("View", views, index=start, key="view")
        path = _store_path()
        st.caption(f"Uploads up to {MAX_UPLOAD_MB:g} MB each (DETECTOR_MAX_UPLOAD_MB).")
        _deep_toggle()
    if path is None:
        st.info("Name the verdict store in the sidebar: a file name such as detector-verdicts.sqlite3.")
        return
    try:
        store = _store(str(path))
    except (OSError, ValueError) as error:
        st.error(f"Cannot open the verdict store: {review.markdown_text(error)}")
        return
    allowed = tuple(store.allowed())
    with st.sidebar.expander(f"Allowlist ({len(allowed)} phrases)"):
        for phrase in allowed:
            if st.button(f"remove: {review.markdown_text(phrase)}", key=f"disallow-{phrase}"):
                store.disallow(phrase)
                st.rerun()
        buffer = io.StringIO()
        count = store.export(buffer)
        st.download_button(
            f"Export {count} labelled documents",
            buffer.getvalue(),
            "verdicts.jsonl",
            help="JSON Lines for `detector train --extra verdicts.jsonl`",
        )
    _warm()
    if view == "One document":
        doc = _pick_document(store, allowed)
        if doc is not None:
            _render_document(doc, store, allowed)
    else:
        _render_batch(store, allowed)


main()
