"""DO506 model-download-at-build: model weights or data sets downloaded into the image at build time."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Impact, Rule, Severity
from dockeropt.lazyre import lazy_compile

_WEIGHT_SUFFIXES = (".bin", ".pt", ".pth", ".safetensors", ".onnx", ".gguf", ".ckpt", ".h5", ".tflite", ".pb", ".pkl")
_PY_DOWNLOADS = lazy_compile(
    r"from_pretrained\(|snapshot_download\(|hf_hub_download\(|torch\.hub\.load|nltk\.download\(|"
    r"SentenceTransformer\(|whisper\.load_model\(|load_dataset\("
)


class ModelDownloadAtBuild(Rule):
    id = "DO506"
    name = "model-download-at-build"
    category = Category.ML
    severity = Severity.WARNING
    summary = "Model weights or data sets are downloaded into the image at build time"
    docs = """
`huggingface-cli download`, `from_pretrained(...)` in a `python -c`, `python -m spacy download`,
`nltk.download`, `torch.hub.load`, `git clone` of a model repository or a `curl`/`wget` of
`*.safetensors`, `*.bin`, `*.onnx`, `*.gguf` files put hundreds of megabytes to many gigabytes of
weights into a layer. Every pull and every rebuild moves them again, the build depends on a hub
being reachable, and changing the model means rebuilding the application image.

**Fix**: mount or download the weights when the container starts (a volume, an init container,
an object-store sync), or, if they must be in an image, bake them into a separate base image
that changes only when the model does.
"""
    bad_example = """\
FROM python:3.11-slim
RUN pip install --no-cache-dir transformers==4.44.2 torch==2.3.1
RUN python -c "from transformers import AutoModel; AutoModel.from_pretrained('bert-base-uncased')"
"""
    good_example = """\
FROM python:3.11-slim
RUN pip install --no-cache-dir transformers==4.44.2 torch==2.3.1
ENV HF_HOME=/models
VOLUME /models
"""

    trigger_instructions = ("RUN",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.shipped_runs():
            for rs in ctx.run_scripts(inst):
                for cmd in rs.script.commands:
                    what = _model_download(cmd.name, [w.text for w in cmd.args])
                    if what:
                        self._report(ctx, rs.command_span(cmd), what)
                for d in rs.script.downloads:
                    path = (d.output or d.url).split("?")[0].lower()
                    if path.endswith(_WEIGHT_SUFFIXES):
                        self._report(ctx, rs.command_span(d.command), f"{d.command.name} of model weights {d.url}")
            for h in inst.heredocs:
                if _PY_DOWNLOADS.search(h.content):
                    self._report(ctx, h.body_span, "a script that downloads a model")

    def _report(self, ctx: CheckContext, span: object, what: str) -> None:
        from dockeropt.syntax.span import Span

        assert isinstance(span, Span)
        ctx.report(
            self,
            span,
            f"{what} puts model weights into this layer at build time: fetch them at run time (volume, init step) "
            "or bake them into a separate base image",
            impact=Impact(rebuild="the weights are re-downloaded on every uncached build and shipped in every pull"),
        )


def _model_download(name: str, words: list[str]) -> str | None:
    if name in ("huggingface-cli", "hf") and "download" in words:
        return f"{name} download"
    if name.startswith("python") and len(words) >= 3 and words[:2] == ["-m", "spacy"] and words[2] == "download":
        return f"python -m spacy download {' '.join(words[3:4])}".strip()
    if name.startswith("python") and "-c" in words:
        code = words[words.index("-c") + 1] if words.index("-c") + 1 < len(words) else ""
        if _PY_DOWNLOADS.search(code):
            return "a python -c that downloads a model"
    if name == "git" and "clone" in words and any("huggingface.co" in w for w in words):
        return "git clone of a Hugging Face model repository"
    return None
