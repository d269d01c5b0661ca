"""The command line: `site-builder init | ingest | build | serve | check | entities | export | formats`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from site_builder.errors import SiteBuilderError
from site_builder.ingest.formats import FORMATS

if TYPE_CHECKING:
    from site_builder.ingest.pipeline import IngestReport

_ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Archive root: the folder holding content/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="site-builder", prog_name="site-builder")
def main() -> None:
    """Turn raw news articles into a searchable static archive."""


@main.command()
@_ROOT
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    help="Read every input with this reader instead of detecting it.",
)
@click.option("--force", is_flag=True, help="Rewrite hand-edited articles (the edited file is kept aside).")
@click.option("--restore", is_flag=True, help="Write again the articles that were deleted by hand.")
@click.option(
    "--prune", is_flag=True, help="Remove articles whose raw text changed or vanished (hand-edited ones are kept)."
)
@click.option("--dry-run", is_flag=True, help="With --prune: list what would be removed, remove nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
def ingest(
    root: Path,
    paths: tuple[Path, ...],
    fmt: str | None,
    force: bool,
    restore: bool,
    prune: bool,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Split raw files (default: content/raw) into front-matter Markdown in content/articles."""
    from site_builder.ingest.pipeline import find_inputs
    from site_builder.ingest.pipeline import ingest as run
    from site_builder.progress import IngestProgress

    inputs = list(paths) or [root / "content" / "raw"]
    missing = [p for p in inputs if not p.exists()]
    for p in missing:
        hint = "put raw files there, or name the files to ingest" if not paths else "check the path"
        click.echo(f"error: {p}: no such file or folder -- {hint}", err=True)
    inputs = [p for p in inputs if p.exists()]
    bar = IngestProgress(find_inputs(inputs), enabled=not quiet)
    try:
        report = run(
            inputs, root=root, fmt=fmt, force=force, restore=restore, prune=prune, dry_run=dry_run, progress=bar
        )
    except SiteBuilderError as exc:
        click.echo(f"error: {exc.format()}", err=True)
        sys.exit(1)
    finally:
        bar.close()
    for fr in report.files:
        if fr.error:
            click.echo(f"error: {fr.error}", err=True)
            continue
        if not quiet:
            dropped = f", {fr.boilerplate} boilerplate line(s) dropped" if fr.boilerplate else ""
            click.echo(f"{fr.path}: {fr.articles} article(s) [{fr.reader}]{dropped}")
            for w in fr.warnings:
                click.echo(f"  warning: {fr.path}:{w}")
    for group in report.versions:
        click.echo(f"  versions of one story (kept apart, linked on the site): {', '.join(group)}")
    _ingest_state(report, prune, dry_run)
    s = report.statuses
    kept = s.get("kept-edited", 0)
    click.echo(
        f"{len(report.files)} file(s) read, {report.failed} failed; articles: {s.get('new', 0)} new, "
        f"{s.get('updated', 0)} updated, {s.get('unchanged', 0)} unchanged, {kept} kept (edited by hand), "
        f"{s.get('replaced-edited', 0)} replaced (edited copy kept aside)"
        + (f", {s['deleted']} deleted by hand (not written)" if s.get("deleted") else "")
        + (f"; {report.boilerplate} boilerplate line(s) dropped" if report.boilerplate else "")
    )
    if kept:
        click.echo("  hand-edited articles were not overwritten; use --force to redo them (edits are kept aside)")
    if report.failed or missing:
        sys.exit(1)


def _ingest_state(report: IngestReport, prune: bool, dry_run: bool) -> None:
    """What the run found about the archive itself: renames, deletions, orphans."""
    for w in report.warnings:
        click.echo(f"warning: {w}", err=True)
    for old, new in report.renamed:
        click.echo(f"  content/articles/{old} was renamed by hand to {new}: kept there")
    if report.deleted:
        click.echo(
            f"  {len(report.deleted)} article(s) deleted by hand were not written again "
            f"(e.g. content/articles/{report.deleted[0]}); `site-builder ingest --restore` brings them back"
        )
    if prune:
        verb = "would remove" if dry_run else "removed"
        for rel in report.pruned:
            click.echo(f"  {verb} content/articles/{rel} ({report.orphans.get(rel, 'orphan')})")
        for rel in report.pruned_kept:
            click.echo(f"  kept content/articles/{rel}: an orphan, but edited by hand (delete it yourself if unwanted)")
    elif report.orphans:
        click.echo(
            f"  {len(report.orphans)} article(s) no longer come from their raw text (its file changed or "
            "vanished); `site-builder ingest --prune --dry-run` lists them, `--prune` removes them"
        )


@main.command()
@_ROOT
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: _site).")
@click.option("--base-url", help="Public URL of the site, for feeds and the sitemap.")
@click.option(
    "--no-search", is_flag=True, help="Skip both search indexes (Pagefind and the offline one): HTML pages only."
)
@click.option("--jobs", type=int, default=0, help="Processes for rendering (default: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and the last line.")
@click.option(
    "--clean",
    is_flag=True,
    help="Render every page afresh, ignoring the build cache and the previous site (the result is the same).",
)
def build(
    root: Path, out: Path | None, base_url: str | None, no_search: bool, jobs: int, quiet: bool, clean: bool
) -> None:
    """Build content/ into a static site with its search index. Builds are incremental: only
    the pages whose content changed are rendered again."""
    from site_builder.progress import Steps
    from site_builder.site.build import build as run

    def show(line: str) -> None:  # each step's line as it ends
        if not quiet or line.startswith(("warning:", "built ", "up to date", "recovered", "removed")):
            click.echo(line)

    try:
        run(
            root,
            out=out,
            base_url=base_url,
            search=not no_search,
            jobs=jobs,
            steps=Steps(show, bars=not quiet),
            clean=clean,
        )
    except SiteBuilderError as exc:
        click.echo(f"error: {exc.format()}", err=True)
        sys.exit(1)
    if not quiet:
        site = (out or root / "_site").resolve()
        click.echo(f"open {site / 'index.html'} in a browser (search works from disk too), or run `site-builder serve`")


@main.command()
@_ROOT
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--no-watch", is_flag=True, help="Do not rebuild when content changes.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the default browser once it is built.")
def serve(root: Path, port: int, host: str, no_watch: bool, open_browser: bool) -> None:
    """Build, serve the site on 127.0.0.1, and rebuild and reload open pages when anything changes."""
    from site_builder.site.serve import serve as run

    def reingest() -> str:
        from site_builder.ingest.pipeline import ingest as run_ingest

        raw = root / "content" / "raw"
        report = run_ingest([raw], root=root) if raw.is_dir() else None
        if report is None:
            return "ingest: no content/raw folder"
        s = report.statuses
        errors = [fr.error for fr in report.files if fr.error]
        for error in errors:
            click.echo(f"error: {error}", err=True)
        return f"ingest: {s.get('new', 0)} new, {s.get('updated', 0)} updated article(s), {len(errors)} file(s) failed"

    try:
        run(root, port=port, watch=not no_watch, host=host, open_browser=open_browser, reingest=reingest)
    except SiteBuilderError as exc:
        click.echo(f"error: {exc.format()}", err=True)
        sys.exit(1)


@main.command()
@_ROOT
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Built site to check (default: _site, when it exists).",
)
def check(root: Path, site_dir: Path | None) -> None:
    """Validate content (front matter, entity notes) and the built site (links)."""
    from site_builder.progress import Steps
    from site_builder.site.check import check_content, check_site

    steps = Steps(click.echo, bars=True)
    t = time.perf_counter()
    problems = check_content(root, steps)
    steps.line(f"content: {len(problems)} problem(s) ({time.perf_counter() - t:.1f}s)")
    target = site_dir or root / "_site"
    if target.is_dir():
        t = time.perf_counter()
        found = check_site(target, steps)
        steps.line(f"site {target}: {len(found)} problem(s) ({time.perf_counter() - t:.1f}s)")
        problems += found
    else:
        steps.line(f"no built site at {target}: links not checked (run `site-builder build` first)")
    for p in problems:
        click.echo(p, err=True)
    click.echo(f"{len(problems)} problem(s)")
    if problems:
        sys.exit(1)


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def init(folder: Path) -> None:
    """Start a new archive in FOLDER (default: here): sample raw files, site.toml, Makefile, Pages workflow."""
    from site_builder.scaffold import init as scaffold

    try:
        written = scaffold(folder)
    except SiteBuilderError as exc:
        click.echo(f"error: {exc.format()}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"wrote {path}")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(
        f"\nNext: {where}make site   (ingest content/raw, build _site/), then open _site/index.html\n"
        "      or: site-builder serve   (see it at http://127.0.0.1:8000/ while you add files)\n"
        "Put your own files in content/raw/ (site-builder formats lists what it reads)."
    )


@main.command()
def formats() -> None:
    """List the input formats ingest reads, and the fields and column names it takes from each."""
    from site_builder.ingest.catalog import describe

    click.echo(describe())


@main.command()
@_ROOT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"], case_sensitive=False),
    default="csv",
    show_default=True,
    help="File format (parquet needs: pip install 'site-builder[parquet]').",
)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Folder for the files (default: export/<format>)."
)
def export(root: Path, fmt: str, out: Path | None) -> None:
    """Write the archive as data: articles, entities, mentions, co-mentions and datapackage.json."""
    from site_builder.config import load_config
    from site_builder.site import export as exporter
    from site_builder.site.archive import gather

    fmt = fmt.lower()
    target = out or root / "export" / fmt
    try:
        config, _warnings = load_config(root)
        archive = gather(root)
        written = exporter.write(archive, target, fmt, title=config.title, licence=config.license)
    except SiteBuilderError as exc:
        click.echo(f"error: {exc.format()}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@_ROOT
@click.option(
    "--audit", is_flag=True, help="Report suspect entity pages of the archive, each with the note that fixes it."
)
@click.option("--all", "show_all", is_flag=True, help="With --audit: list every page linked from one article only.")
def entities(root: Path, audit: bool, show_all: bool) -> None:
    """JSON Lines in ({"id","title","text"}), JSON Lines out ({"id","people","organizations","places"});
    with --audit, a report on the archive's entity pages instead."""
    if audit:
        from site_builder.site.archive import gather
        from site_builder.site.audit import report

        try:
            archive = gather(root)
        except SiteBuilderError as exc:
            click.echo(f"error: {exc.format()}", err=True)
            sys.exit(1)
        click.echo(report(archive, root, show_single=10**9 if show_all else 20))
        return
    from site_builder.entities.recognise import extract_entities

    out = sys.stdout
    for n, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            click.echo(f"error: <stdin>:{n}: not valid JSON ({exc.msg}) -- send one object per line", err=True)
            sys.exit(1)
        ents = extract_entities(str(doc.get("title") or ""), str(doc.get("text") or ""))
        out.write(
            json.dumps(
                {
                    "id": doc.get("id"),
                    "people": list(ents.people),
                    "organizations": list(ents.organizations),
                    "places": list(ents.places),
                },
                ensure_ascii=False,
            )
            + "\n"
        )
