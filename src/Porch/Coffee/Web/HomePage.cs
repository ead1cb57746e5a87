using System.Globalization;
using System.Text;
using Porch.Wire.Htcpcp;
using static Porch.Coffee.Web.CoffeeHtml;

namespace Porch.Coffee.Web;

/// <summary>
/// The front page: the pots' live state (refreshed every second from <c>/status</c>, which asks each pot with GET),
/// a brew form (pot, drink, additions, including ones no pot has, so every status can be tried), and per-pot
/// stop, WHEN and beans actions.
/// </summary>
internal static class HomePage
{
    private const string Script = """
        <script>
        (function () {
          const live = document.getElementById('live');
          async function refresh() {
            try {
              const reply = await fetch('/status', { cache: 'no-store' });
              if (reply.ok) { live.innerHTML = await reply.text(); }
            } catch (e) { /* the next tick tries again */ }
          }
          setInterval(refresh, 1000);
        })();
        </script>
        """;

    public static string Render(IReadOnlyList<PotInfo> pots, IReadOnlyList<(PotInfo Pot, PotView View)> views, PotAddress address)
    {
        var body = new StringBuilder()
            .Append("""<h1><span class="icon">☕</span> Porch coffee</h1>""")
            .Append($"""<p class="sub">Talking HTCPCP to the pot server at {E(address.ToString())}.</p>""")
            .Append("""<h2>The pots</h2><div id="live" aria-live="polite">""").Append(Status(views)).Append("</div>")
            .Append(BrewForm(pots))
            .Append("<h2>Ask a pot</h2>");
        foreach (var pot in pots)
        {
            var name = E(pot.Name);
            body.Append($"""<div class="card actions" data-pot="{name}"><strong>{name}</strong> """)
                .Append($"""<form method="post" action="/stop"><input type="hidden" name="pot" value="{name}"><button class="plain" id="stop-{name}">Stop</button></form> """)
                .Append($"""<form method="post" action="/when"><input type="hidden" name="pot" value="{name}"><button class="plain" id="when-{name}">Say WHEN</button></form> """)
                .Append($"""<a href="/beans?pot={Uri.EscapeDataString(pot.Name)}" id="beans-{name}">{(pot.Kind == PotKind.Tea ? "Teas" : "Beans")}</a></div>""");
        }

        return Page("Porch coffee", body.ToString(), Script);
    }

    /// <summary>The live panel; also served alone at <c>/status</c>.</summary>
    public static string Status(IReadOnlyList<(PotInfo Pot, PotView View)> views)
    {
        var html = new StringBuilder();
        foreach (var (pot, view) in views)
        {
            var percent = (view.Strength * 100).ToString("0", CultureInfo.InvariantCulture);
            html.Append($"""<div class="card pot" data-pot="{E(pot.Name)}" data-state="{E(view.State)}">""")
                .Append($"""<h3>{(pot.Kind == PotKind.Tea ? "🍵" : "☕")} {E(pot.Name)}</h3>""")
                .Append($"""<p class="state">{E(view.Line)}</p>""");
            if (view.State != "idle")
            {
                html.Append($"""<div class="bar" title="strength {percent}%"><span style="width:{percent}%"></span></div>""");
            }

            html.Append("</div>");
        }

        return html.ToString();
    }

    private static string BrewForm(IReadOnlyList<PotInfo> pots)
    {
        var form = new StringBuilder("""<h2>Brew</h2><form method="post" action="/brew" class="card" id="brew">""")
            .Append("""<p><label>Pot <select name="pot" id="pot">""");
        foreach (var pot in pots)
        {
            form.Append($"""<option value="{E(pot.Name)}">{E(pot.Name)} ({(pot.Kind == PotKind.Tea ? "teapot" : "coffee pot")})</option>""");
        }

        form.Append("""</select></label> <label>Drink <select name="drink" id="drink"><option value="coffee">Coffee</option>""")
            .Append("""<option value="tea">Tea (let the pot offer its teas)</option>""");
        foreach (var variety in pots.SelectMany(p => p.Varieties).Distinct())
        {
            form.Append($"""<option value="tea:{E(variety)}">Tea: {E(variety)}</option>""");
        }

        form.Append("</select></label></p>");
        foreach (var kind in (AdditionKind[])[AdditionKind.Milk, AdditionKind.Syrup, AdditionKind.Alcohol, AdditionKind.Sugar])
        {
            form.Append($"<fieldset><legend>{kind}</legend>");
            foreach (var name in AcceptAdditions.NamesOf(kind))
            {
                form.Append($"""<label><input type="checkbox" name="additions" value="{E(name)}"> {E(name)}</label> """);
            }

            form.Append("</fieldset>");
        }

        return form.Append("""<p><label>Something else <input name="other" id="other" placeholder="e.g. Oat milk, Chamomile"></label></p>""")
            .Append("""<p><button id="brew-button">Brew</button></p></form>""")
            .ToString();
    }
}
