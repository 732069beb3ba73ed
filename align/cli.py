"""The command line: ``python -m align`` (also installed as ``muqabala``).

Commands: ``align`` one document pair, ``batch`` two folders of pairs,
``check`` align and report fidelity problems, ``eval`` score predictions
against gold beads, ``export`` convert an alignment or a stored review job,
``jobs`` list stored review jobs.  Every command only calls the library;
errors a user can fix are printed as one line and exit with status 2.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .encoders import EncoderUnavailable
from .errors import InputError
from .model import SchemaError

TEXT_FORMATS = ("beads", "tsv", "csv", "jsonl", "tmx", "xliff", "xliff12", "html")
ALL_FORMATS = TEXT_FORMATS + ("xlsx",)


def _add_alignment_options(parser: argparse.ArgumentParser, formats=ALL_FORMATS, default="jsonl") -> None:
    parser.add_argument("--format", choices=formats, default=default,
                        help=f"output format (default: {default}); beads is the Vecalign/Bertalign gold format")
    parser.add_argument("--presplit", action="store_true",
                        help="inputs are one sentence per line; indices are line numbers")
    parser.add_argument("--model", default=None,
                        help="sentence encoder: a Hugging Face hub name or local folder "
                             "(default: the bundled multilingual-e5-small)")
    parser.add_argument("--src-lang", default=None, help="language of the original (default: detected)")
    parser.add_argument("--tgt-lang", default=None, help="language of the translation (default: detected)")
    parser.add_argument("--no-press", dest="press", action="store_false",
                        help="plain translation: do not recognise the press editor's apparatus "
                             "(introductions, subheadings, [insertions], footnotes)")
    parser.add_argument("--glossary", type=Path, default=None,
                        help="CSV of Arabic term, required English rendering (for the checks)")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="do not use the on-disk embedding cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="muqabala", description="Align an Arabic original with its English translation and check fidelity."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("align", help="align one document pair")
    p.add_argument("src", type=Path, help="the original (txt, docx, html, pdf, md)")
    p.add_argument("tgt", type=Path, help="the translation")
    p.add_argument("-o", "--output", type=Path, default=None, help="output file (default: standard output)")
    p.add_argument("--check", action="store_true", help="run the fidelity checks and fill each bead's flags")
    _add_alignment_options(p)

    p = commands.add_parser("check", help="align and report fidelity problems")
    p.add_argument("src", type=Path)
    p.add_argument("tgt", type=Path)
    p.add_argument("-o", "--output", type=Path, default=None)
    _add_alignment_options(p, formats=("text", "jsonl", "html"), default="text")

    p = commands.add_parser("batch", help="align the documents of two folders on a Dask cluster, resumably")
    p.add_argument("src_dir", type=Path)
    p.add_argument("tgt_dir", type=Path)
    p.add_argument("out_dir", type=Path)
    p.add_argument("--check", action="store_true", help="run the fidelity checks")
    p.add_argument("--pair-by", choices=("name", "content"), default="name",
                   help="pair files of the same name (default), or each translation with its original by content")
    p.add_argument("--scheduler", default=None,
                   help="address of a running Dask scheduler, e.g. tcp://host:8786 (default: $MUQABALA_SCHEDULER, "
                        "else a local cluster); start its workers with 'dask worker tcp://host:8786 --nworkers N "
                        "--nthreads 1 --resources encoder=1' (a process per core, each encoding one document at "
                        "a time)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes of the local cluster, one thread and one encoder each "
                        "(default: one per core)")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="read symbolic links in the input folders (refused by default)")
    p.add_argument("--tm-reviewed", action="store_true",
                   help="corpus translation memory: only pairs a reviewer marked ok")
    p.add_argument("--tm-no-errors", action="store_true",
                   help="corpus translation memory: leave out pairs with an error flag")
    p.add_argument("--tm-min-score", type=float, default=0.0,
                   help="corpus translation memory: least alignment score of a pair (default: 0)")
    _add_alignment_options(p)

    p = commands.add_parser("eval", help="strict/lax P/R/F1 and omission/addition detection against gold beads")
    p.add_argument("gold_dir", type=Path)
    p.add_argument("pred_dir", type=Path)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")

    p = commands.add_parser("export", help="convert an alignment (JSONL, TMX, XLIFF) or a stored job")
    p.add_argument("input", help="an alignment file, or the id of a job in the review store")
    p.add_argument("--format", choices=ALL_FORMATS, required=True)
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--store", default=None, help="review store URL (default: $MUQABALA_STORE or the local store)")

    p = commands.add_parser("jobs", help="list the review jobs in the store")
    p.add_argument("--store", default=None, help="review store URL (default: $MUQABALA_STORE or the local store)")
    return parser


def _write(alignment, fmt: str, output: Path | None) -> None:
    from .formats import write_alignment

    if output is None:
        if fmt not in TEXT_FORMATS:
            raise InputError(f"--format {fmt} is a binary file: give -o OUTPUT")
        write_alignment(alignment, sys.stdout, fmt)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    write_alignment(alignment, output, fmt)


def _align(args, src: Path, tgt: Path, encoder, glossary, check: bool):
    from tqdm import tqdm

    from .pipeline import align_files

    # One bar on stderr for the pipeline's stages, on a terminal only (a
    # long document takes minutes; a pipe or a log gets no bar).
    with tqdm(total=100, bar_format="{desc:<11}{percentage:3.0f}%|{bar}| {elapsed}", leave=False,
              disable=not sys.stderr.isatty()) as bar:
        def progress(stage: str, fraction: float) -> None:
            bar.set_description_str(stage, refresh=False)
            bar.n = round(100 * fraction)
            bar.refresh()

        return align_files(
            src, tgt, presplit=args.presplit, encoder=encoder, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
            check=check, press=args.press, glossary=glossary, progress=progress,
        )


def _encoder(args):
    from .encoders import load_encoder

    # Without the disk cache, a cache in memory still saves the checks from
    # re-encoding the sentences the aligner has just encoded.
    return load_encoder(args.model, cache=True if args.cache else None)


def _glossary(args):
    if not args.glossary:
        return None  # and the checks are not imported for a plain alignment
    from .fidelity import load_glossary

    return load_glossary(args.glossary)


def cmd_align(args) -> int:
    alignment = _align(args, args.src, args.tgt, _encoder(args), _glossary(args), check=args.check)
    _print_warnings(alignment.meta.get("warnings", []))
    _write(alignment, args.format, args.output)
    return 0


def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def cmd_check(args) -> int:
    from .fidelity import format_text_report, summarize

    alignment = _align(args, args.src, args.tgt, _encoder(args), _glossary(args), check=True)
    _print_warnings(alignment.meta.get("warnings", []))
    if args.format == "text":
        report = format_text_report(alignment, summarize(alignment))
        if args.output:
            args.output.write_text(report, encoding="utf-8")
        else:
            print(report)
    else:
        _write(alignment, args.format, args.output)
    return 0


def cmd_batch(args) -> int:
    from .archive import BatchOptions, run_batch
    from .archive.corpus import MemoryFilter
    from .archive.work import AlignOptions

    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    align = AlignOptions(
        fmt=args.format, presplit=args.presplit, model=args.model, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
        press=args.press, check=args.check, glossary=str(args.glossary.resolve()) if args.glossary else None,
        cache=args.cache,
    )  # fmt: skip
    options = BatchOptions(
        align=align, pair_by=args.pair_by, follow_symlinks=args.follow_symlinks, scheduler=args.scheduler,
        workers=args.workers,
        memory=MemoryFilter(reviewed_only=args.tm_reviewed, without_errors=args.tm_no_errors,
                            min_score=args.tm_min_score),
    )  # fmt: skip
    report = run_batch(args.src_dir, args.tgt_dir, args.out_dir, options)
    for line in report.lines():
        print(line, file=sys.stderr)
    if report.interrupted:
        return 130
    return 1 if report.failed or report.refused or report.unreadable else 0


def cmd_eval(args) -> int:
    from .evaluate import BeadFileError, format_table, score_dirs

    try:
        result = score_dirs(args.gold_dir, args.pred_dir)
    except (BeadFileError, OSError) as exc:
        raise InputError(str(exc)) from None
    print(json.dumps(result, indent=1, sort_keys=True) if args.json else format_table(result))
    return 0


def _open_store(url):
    from .store import ReviewStore

    return ReviewStore(url)


def cmd_export(args) -> int:
    from .formats import read_alignment

    path = Path(args.input)
    if path.exists():
        alignment = read_alignment(path)
    elif args.input.isdigit() or not path.suffix:
        _, alignment = _open_store(args.store).load_job(int(args.input) if args.input.isdigit() else args.input)
    else:
        raise InputError(f"{args.input}: no such file")
    # What the import kept as written or dropped (an entity reference, spans
    # that were not JSON) is the user's to know.
    _print_warnings(alignment.meta.get("import_warnings", []))
    _write(alignment, args.format, args.output)
    return 0


def cmd_jobs(args) -> int:
    jobs = _open_store(args.store).list_jobs()
    if not jobs:
        print("no review jobs yet")
    for job in jobs:
        print(f"{job.id}\t{job.status}\t{job.updated_at}\t{job.name}")
    return 0


COMMANDS = {"align": cmd_align, "check": cmd_check, "batch": cmd_batch, "eval": cmd_eval,
            "export": cmd_export, "jobs": cmd_jobs}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (InputError, SchemaError, EncoderUnavailable) as exc:
        print(f"muqabala: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("muqabala: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("MUQABALA_DEBUG"):
            raise
        print(f"muqabala: internal error ({type(exc).__name__}: {exc}); "
              "run with MUQABALA_DEBUG=1 for the traceback and please report it", file=sys.stderr)
        return 70
