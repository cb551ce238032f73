using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// The web dashboards (issue 6): HTML pages and the bundle that <c>web/</c> builds into <c>web-dist</c> (the
/// project's build runs <c>npm ci</c> and <c>npm run build</c> when the bundle is missing or stale). The pages carry no
/// data; they read it from <c>/api</c> and the hub with the token the sign-in page keeps, so access control stays there.
/// </summary>
internal static class DashboardPages
{
    /// <summary>Configuration key of the folder holding the built pages; default <c>web-dist</c> beside the content root or the binaries.</summary>
    public const string RootKey = "Web:Root";

    private static readonly (string Route, string File)[] Pages =
    [
        ("/", "signin.html"),
        ("/signin", "signin.html"),
        ("/console/{centerId}", "console.html"),
        ("/patients/{patientId}", "patient.html"),
        ("/sponsor/{trialId}", "sponsor.html"),
        ("/dsmb/{trialId}", "dsmb.html"),
    ];

    public static void MapDashboardPages(this WebApplication app)
    {
        var root = RootOf(app);
        if (root is not null)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Path.Combine(root, "app")),
                RequestPath = "/app",
                // The bundle's names do not change between builds: revalidate rather than serve a stale one.
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            });
        }

        foreach (var (route, file) in Pages)
        {
            app.MapGet(route, (HttpContext context) =>
            {
                if (root is null || !File.Exists(Path.Combine(root, file)))
                {
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The dashboards are not built",
                        detail: "the web bundle is missing: build the server project (it runs npm ci and npm run build in web/), or set Web:Root to a built bundle");
                }

                context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
                return Results.File(Path.Combine(root, file), "text/html; charset=utf-8");
            }).ExcludeFromDescription();
        }
    }

    private static string? RootOf(WebApplication app)
    {
        if (app.Configuration[RootKey] is { Length: > 0 } configured) return Path.GetFullPath(configured);
        foreach (var candidate in (string[])[Path.Combine(app.Environment.ContentRootPath, "web-dist"), Path.Combine(AppContext.BaseDirectory, "web-dist")])
        {
            if (Directory.Exists(candidate)) return candidate;
        }

        return null;
    }
}
