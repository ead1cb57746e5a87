using System.Net;

namespace Porch.Coffee.Web;

/// <summary>The front end's page frame: one self-contained HTML page, inline CSS, no external assets.</summary>
internal static class CoffeeHtml
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Page(string title, string body, string script = "") => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{E(title)}}</title>
        <style>
        body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#2b2118;background:#fdf8f2}
        h1{margin:.2rem 0}h1 .icon{font-size:2.4rem}a{color:#7a3e00}
        .sub{color:#6b5a4a;margin-top:0}
        .card{background:#fff;border:1px solid #e4d6c5;border-radius:.6rem;padding:.8rem 1rem;margin:.8rem 0}
        .pot h3{margin:0 0 .3rem}.state{font-weight:600}
        .bar{height:.5rem;background:#eee;border-radius:.3rem;overflow:hidden}.bar span{display:block;height:100%;background:#a0522d}
        fieldset{border:1px solid #e4d6c5;border-radius:.4rem;margin:.5rem 0}legend{font-weight:600}
        label{margin-right:.8rem;white-space:nowrap}
        button{font:inherit;padding:.35rem .9rem;border-radius:.4rem;border:1px solid #7a3e00;background:#a0522d;color:#fff;cursor:pointer}
        button.plain{background:#fff;color:#7a3e00}
        .actions form{display:inline}
        pre{background:#2b2118;color:#f6e7d3;padding:.7rem;border-radius:.4rem;overflow-x:auto;white-space:pre-wrap}
        .said{font-size:1.1rem;border-left:4px solid #a0522d;padding-left:.7rem}
        .error{background:#fff0f0;border-color:#d9a0a0}
        </style></head>
        <body>
        {{body}}
        <hr><p class="sub"><small>porch coffee: HTCPCP (RFC 2324, RFC 7168) spoken over TCP to a pot</small></p>
        {{script}}
        </body></html>

        """;
}
