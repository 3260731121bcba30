package dev.mlops.report;

/** The report's style sheet, inlined into every page. */
final class Style {

    private Style() {
    }

    /**
     * Light, high-contrast colours; verdicts carry a symbol and a word besides their colour; the
     * layout reflows from several chart columns down to one; print drops the background and keeps
     * charts whole on a page.
     */
    static final String CSS = """
            :root{--fg:#1f2937;--muted:#4b5563;--line:#e5e7eb;--bg:#f6f7f9;--card:#fff;\
            --pass:#00694d;--fail:#a33a00;--inc:#7a5200}
            *{box-sizing:border-box}
            html{-webkit-text-size-adjust:100%}
            body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;\
            color:var(--fg);background:var(--bg)}
            header,main,footer{max-width:1240px;margin:0 auto;padding:12px 24px}
            header{padding-top:20px}
            h1{font-size:1.7rem;margin:0 0 4px;display:flex;flex-wrap:wrap;align-items:center;gap:10px}
            h2{font-size:1.2rem;margin:0 0 12px;padding-bottom:4px;border-bottom:1px solid var(--line)}
            .subtitle{margin:0 0 8px;color:var(--muted)}
            .facts{display:flex;flex-wrap:wrap;gap:4px 22px;margin:8px 0}
            .facts div{display:flex;gap:6px}
            .facts dt{color:var(--muted)}
            .facts dd{margin:0;font-weight:600}
            nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;margin:8px 0 0}
            a{color:#0b5cad}
            section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 16px}
            .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,380px),1fr));gap:20px 28px}
            .grid.small{grid-template-columns:repeat(auto-fit,minmax(min(100%,300px),1fr))}
            .grid.wide{grid-template-columns:repeat(auto-fit,minmax(min(100%,560px),1fr))}
            .tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,380px),1fr));gap:16px 28px;margin-top:14px}
            figure{margin:0;min-width:0}
            figcaption{font-weight:600;margin-bottom:4px}
            svg.chart{display:block;width:100%;height:auto}
            svg.chart text{font-size:12px;fill:#374151}
            svg.chart .axis-title{font-size:13px;fill:#111827}
            .legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;margin:6px 0 0;font-size:13px}
            .legend li{display:flex;align-items:center;gap:6px}
            .swatch{display:inline-block;width:14px;height:14px;border:1px solid #9ca3af}
            .note{color:var(--muted);font-size:13px;margin:6px 0 0}
            .cards{display:flex;flex-wrap:wrap;gap:12px}
            .card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:128px}
            .card .k{color:var(--muted);font-size:.85rem}
            .card .v{font-size:1.35rem;font-weight:600;font-variant-numeric:tabular-nums}
            .table-wrap{overflow-x:auto}
            table{border-collapse:collapse;width:100%;font-size:14px}
            caption{text-align:left;font-weight:600;padding-bottom:6px}
            th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            th{background:#f3f4f6}
            .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            code{font-size:.9em;word-break:break-all}
            .badge{display:inline-block;padding:1px 9px;border-radius:10px;font-size:.8rem;font-weight:700;border:1px solid;\
            white-space:nowrap;vertical-align:middle}
            .badge.pass{color:var(--pass);background:#e3f3ed}
            .badge.fail{color:var(--fail);background:#fbe9e0}
            .badge.inconclusive{color:var(--inc);background:#fdf3d8}
            tr.gate.fail td{background:#fef6f2}
            tr.drifted td{background:#fef6f2}
            tr.chosen td{font-weight:600}
            .sev{font-weight:600}
            .sev.high,.sev.medium{color:var(--fail)}
            .sev.low{color:var(--inc)}
            details{margin-top:10px}
            footer{color:var(--muted);font-size:13px;padding-bottom:24px}
            @media print{
            body{background:#fff;font-size:12px}
            nav{display:none}
            section{border:none;padding:0;margin-bottom:18px}
            figure,tr{break-inside:avoid}
            .grid{grid-template-columns:1fr 1fr}
            .grid.small{grid-template-columns:repeat(auto-fit,minmax(min(100%,300px),1fr))}
            .grid.wide{grid-template-columns:1fr}
            }
            """;
}
