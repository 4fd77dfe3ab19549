"""The review UI (app.py) driven through Streamlit's AppTest: every flow a reviewer uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from detector.review.verdicts import VerdictStore, document_key

ROOT = Path(__file__).resolve().parents[1]
SPUN_TEXT = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War."
NASTY = '<script>alert(1)</script><img src=x onerror="alert(2)"> " onmouseover="alert(3)'


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DETECTOR_VERDICTS", str(tmp_path / "verdicts.sqlite3"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def _html(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [h.value for h in at.html])


def _document(at: AppTest) -> str:
    [doc] = [h.value for h in at.html if h.value.startswith('<div class="dt-doc">')]
    return doc


def test_bundled_sample_is_highlighted(app: AppTest) -> None:
    app.selectbox(key="sample").set_value("spun_news.txt").run()
    assert not app.exception
    assert _document(app).count('<mark class="dt-span') >= 3
    assert "SPUN" in _html(app)
    app.toggle[0].set_value(True).run()  # restored text, differences marked
    assert '<del class="dt-del">' in _document(app) and '<ins class="dt-ins">' in _document(app)


def test_pasted_text(app: AppTest) -> None:
    app.radio(key="source").set_value("Paste").run()
    app.text_area(key="pasted").input(SPUN_TEXT).run()
    assert not app.exception
    doc = _document(app)
    assert "Unfamiliar Clergyman<sup>Foreign Minister</sup></mark>" in doc


def test_pasted_markup_stays_inert(app: AppTest) -> None:
    app.radio(key="source").set_value("Paste").run()
    app.text_area(key="pasted").input(f"{NASTY} {SPUN_TEXT}").run()
    assert not app.exception
    for markup in [m.value for m in app.markdown] + [h.value for h in app.html]:
        lowered = markup.lower()
        assert "<script" not in lowered and "<img" not in lowered and 'onmouseover="' not in lowered


def test_upload_of_jsonl_records_with_a_hostile_file_name(app: AppTest) -> None:
    app.radio(key="source").set_value("Upload").run()
    data = "\n".join(json.dumps({"id": f"r{i}", "text": t}) for i, t in enumerate([SPUN_TEXT, "A calm day."]))
    app.file_uploader(key="one_upload").set_value((f"{NASTY}.jsonl", data.encode(), "application/jsonl")).run()
    assert not app.exception
    assert "Unfamiliar Clergyman" in _document(app)
    assert "<script" not in _html(app).lower() and "<img" not in _html(app).lower()
    app.selectbox(key="one_record").set_value(1).run()
    assert "A calm day." in _document(app)


def test_large_upload_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DETECTOR_VERDICTS", str(tmp_path / "v.sqlite3"))
    monkeypatch.setenv("DETECTOR_MAX_UPLOAD_MB", "0.001")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.radio(key="source").set_value("Upload").run()
    at.file_uploader(key="one_upload").set_value(("big.txt", b"word " * 1000, "text/plain")).run()
    assert not at.exception
    assert any("limit is 0.001 MB" in e.value for e in at.error)


def test_batch_table_sorted_worst_first_and_opens_a_row(app: AppTest) -> None:
    app.sidebar.radio(key="view").set_value("Batch triage").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == 100
    scores = list(table["score"])
    assert scores == sorted(scores, reverse=True)
    app.multiselect(key="filter_label").set_value(["clean"]).run()
    assert set(app.dataframe[0].value["label"]) == {"clean"}
    assert len(app.get("download_button")) >= 2


def test_a_link_opens_the_worst_page_of_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DETECTOR_VERDICTS", str(tmp_path / "v.sqlite3"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["view"] = "batch"
    at.query_params["open"] = "top"
    at.run()
    assert not at.exception
    worst = at.dataframe[0].value.iloc[0]["document"]
    assert _document(at).count("<mark") >= 3
    assert worst.split(" (")[0].endswith(tuple("0123456789")) and "SPUN" in _html(at)


def test_verdict_is_saved_and_reloaded(app: AppTest, tmp_path: Path) -> None:
    app.selectbox(key="sample").set_value("spun_news.txt").run()
    text = (ROOT / "data" / "samples" / "spun_news.txt").read_text(encoding="utf-8")
    key = document_key(text)
    app.radio(key=f"verdict-choice-{key}").set_value("spun")  # form widgets: applied on submit
    app.text_input(key=f"verdict-note-{key}").input("obvious synonym swaps")
    app.button[0].click().run()
    assert not app.exception
    store = VerdictStore(tmp_path / "verdicts.sqlite3")
    saved = store.verdict(document_key(text))
    assert saved is not None and (saved.verdict, saved.comment) == ("spun", "obvious synonym swaps")
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)  # a restart
    fresh.run()
    fresh.selectbox(key="sample").set_value("spun_news.txt").run()
    assert any("Saved verdict: spun" in c.value for c in fresh.caption)


def test_dismissed_span_and_allowlist(app: AppTest, tmp_path: Path) -> None:
    app.radio(key="source").set_value("Paste").run()
    app.text_area(key="pasted").input(SPUN_TEXT).run()
    key = document_key(SPUN_TEXT)
    app.button(key=f"dismiss-{key}").click().run()  # the first span
    assert not app.exception
    assert "dt-dismissed" in _document(app)
    app.selectbox(key=f"span-{key}").set_value(2).run()
    app.button(key=f"allow-{key}").click().run()
    assert not app.exception
    store = VerdictStore(tmp_path / "verdicts.sqlite3")
    assert store.allowed() == ["Virus War"]
    assert "Virus War<sup>" not in _document(app)


def test_deep_toggle_verifies_spans(app: AppTest) -> None:
    pytest.importorskip("llama_cpp")
    app.sidebar.toggle(key="deep").set_value(True).run()
    app.radio(key="source").set_value("Paste").run()
    app.text_area(key="pasted").input(SPUN_TEXT + " Forecasters warned of weighty rain on Friday.").run()
    assert not app.exception, app.exception
    assert "Unfamiliar Clergyman<sup>Foreign Minister</sup></mark>" in _document(app)
    # The document's reasons say what the neural language model's check found.
    assert any("neural language model" in m.value for m in app.markdown), [m.value for m in app.markdown]


def test_pasted_markdown_never_reaches_a_markdown_element(app: AppTest) -> None:
    """Markdown ends an HTML block at a blank line and renders what follows: a pasted image link
    fetched a remote URL. The document goes to `st.html` only, escaped, never to Markdown."""
    beacon = "http://127.0.0.1:9/beacon.png"
    text = f"{SPUN_TEXT}\n\n![tracker]({beacon})\n\n# Injected heading\n\n[a link](http://127.0.0.1:9/) <b>x</b>"
    app.radio(key="source").set_value("Paste").run()
    app.text_area(key="pasted").input(text).run()
    assert not app.exception
    assert f"![tracker]({beacon})\n\n# Injected heading" in _document(app)
    assert "&lt;b&gt;x&lt;/b&gt;" in _document(app)
    markdown = [m.value for m in app.markdown] + [c.value for c in app.caption] + [e.value for e in app.error]
    assert not [m for m in markdown if "beacon" in m or "Injected" in m or "127.0.0.1" in m]
    assert not [m for m in app.markdown if m.allow_html]  # nothing is rendered as Markdown with HTML


def test_user_text_in_captions_and_errors_is_escaped_markdown(app: AppTest, tmp_path: Path) -> None:
    """A comment or a file name shown through a Markdown element (a caption, an error) reads literally."""
    app.radio(key="source").set_value("Paste").run()
    app.text_area(key="pasted").input(SPUN_TEXT).run()
    key = document_key(SPUN_TEXT)
    app.text_input(key=f"verdict-note-{key}").input("see ![x](http://127.0.0.1:9/b.png) **now**")
    app.button[0].click().run()
    app.run()  # the saved verdict's caption is drawn on the next run
    assert not app.exception
    [saved] = [c.value for c in app.caption if c.value.startswith("Saved verdict")]
    assert "\\!\\[x\\]\\(http\\:\\/\\/127\\.0\\.0\\.1\\:9\\/b\\.png\\) \\*\\*now\\*\\*" in saved


def _bare_app(monkeypatch: pytest.MonkeyPatch, folder: Path) -> AppTest:
    monkeypatch.delenv("DETECTOR_VERDICTS", raising=False)
    monkeypatch.setenv("DETECTOR_VERDICTS_DIR", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    "name", ["../outside.sqlite3", "sub/inner.sqlite3", "/tmp/abs.sqlite3", "..", "notes.txt", "C:evil.sqlite3"]
)
def test_the_store_field_takes_only_a_file_name_in_the_configured_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    folder = tmp_path / "stores"
    at = _bare_app(monkeypatch, folder)
    assert (folder / "detector-verdicts.sqlite3").exists()  # the default, inside the folder
    at.sidebar.text_input(key="store_path").input(name).run()
    assert not at.exception
    assert at.error and any(words in at.error[0].value for words in ("plain file name", "ends in"))
    assert not (tmp_path / "outside.sqlite3").exists() and not (folder / "sub").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["detector-verdicts.sqlite3"]
    at.sidebar.text_input(key="store_path").input("team.sqlite3").run()
    assert not at.exception and not at.error
    assert (folder / "team.sqlite3").exists()


def test_the_store_set_by_environment_has_no_field(app: AppTest) -> None:
    assert not [t for t in app.sidebar.text_input if t.key == "store_path"]
    assert any("Verdict store: verdicts\\.sqlite3 (set by DETECTOR_VERDICTS)" in c.value for c in app.sidebar.caption)


def test_an_opened_batch_page_is_scrolled_into_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The opened page sits below the table: a script brings it up, keyed by the document so
    that it runs again only when another page is opened."""
    monkeypatch.setenv("DETECTOR_VERDICTS", str(tmp_path / "v.sqlite3"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["view"] = "batch"
    at.query_params["open"] = "top"
    at.run()
    assert not at.exception
    scripts = [h.value for h in at.html if "scrollIntoView" in h.value]
    assert len(scripts) == 1 and ".st-key-opened-document" in scripts[0]
    assert 'data-document="' in scripts[0]
    assert _document(at).count("<mark") >= 3


def test_span_table_reads_kinds_in_words_across_the_page(app: AppTest) -> None:
    app.selectbox(key="sample").set_value("spun_news.txt").run()
    [spans] = [d.value for d in app.dataframe if "kind" in d.value.columns]
    assert list(spans.columns)[:3] == ["text", "suggestion", "kind"]
    assert set(spans["kind"]) <= {
        "known tortured phrase",
        "your PPS list",
        "discovered",
        "machine-translation artifact",
    }
