using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Envelope.Crypto;

namespace Envelope.Load;

/// <summary>
/// One run: a fresh server on a fresh database (SQLite, or PostgreSQL with --postgres) and the baseline, both on 127.0.0.1; the hierarchy set up through the API;
/// each scenario checked once by hand, then warmed up and measured with wrk. Everything started is stopped and the
/// temporary directory deleted, however the run ends.
/// </summary>
internal sealed class LoadRun(LoadOptions options, string wrk, RepositoryLayout layout)
{
    public const double MergedReadTarget = 0.50;
    public const double StoreTarget = 0.20;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("envelope-load-");
        LoadDatabase? database = null;
        EnvelopeServer? server = null;
        BaselineServer? baseline = null;
        EnvelopeApi? api = null;
        try
        {
            var build = CopyBuild(layout.ServerBuild, Path.Combine(root.FullName, "server"));
            var data = Directory.CreateDirectory(Path.Combine(root.FullName, "data")).FullName;
            database = await LoadDatabase.CreateAsync(options.Postgres, data, cancellationToken);
            Log($"Creating organization 'load' (init) and starting the server on {database.Engine}...");
            var (organization, token) = await EnvelopeServer.InitAsync(build, data, database, cancellationToken);
            server = await EnvelopeServer.StartAsync(build, data, database, options.RequestLogging, cancellationToken);
            api = new EnvelopeApi(server.Address, organization, token);

            Log("Setting up project/target/environment and storing three encrypted levels...");
            var body = await SeedAsync(api, cancellationToken);
            var bodyFile = Path.Combine(root.FullName, "store-body.json");
            await File.WriteAllTextAsync(bodyFile, JsonSerializer.Serialize(body, EnvelopeApi.Json), cancellationToken);

            baseline = await BaselineServer.StartAsync(EnvFixture.Merged, cancellationToken);
            var scenarios = Scenarios(server.Address, baseline.Address, api, database.Engine);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ENVELOPE_LOAD_TOKEN"] = token,
                ["ENVELOPE_LOAD_BODY_FILE"] = bodyFile,
            };

            var sizes = await PreflightAsync(scenarios, token, bodyFile, api, cancellationToken);
            var loadBefore = MachineInfo.LoadAverage();
            var measurements = new List<Measurement>();
            foreach (var scenario in scenarios)
            {
                Log($"Measuring {scenario.Name}: {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured...");
                measurements.Add(await MeasureAsync(scenario, environment, api, cancellationToken));
                if (server.HasExited)
                {
                    throw new LoadRunException($"The server exited during '{scenario.Name}':\n{server.LogTail()}", ExitCodes.MeasurementFailed);
                }
            }

            Report.Print(Console.Out, options, database.Engine, sizes, loadBefore, MachineInfo.LoadAverage(), measurements);
            return measurements.Any(m => m.Failed) ? ExitCodes.MeasurementFailed : ExitCodes.Success;
        }
        finally
        {
            api?.Dispose();
            if (baseline is not null)
            {
                await baseline.DisposeAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }

            if (database is not null)
            {
                await database.DisposeAsync();
            }

            DeleteQuietly(root);
        }
    }

    private static List<Scenario> Scenarios(Uri server, Uri baseline, EnvelopeApi api, string engine)
    {
        var get = new Scenario("baseline GET", new Uri(baseline, BaselineServer.Path), Wrk.GetScript);
        var post = new Scenario("baseline POST", new Uri(baseline, BaselineServer.Path), Wrk.PostScript);
        return
        [
            get,
            new Scenario("merged read, 3 levels", new Uri(server, api.MergedRead), Wrk.GetScript, Baseline: get, Target: MergedReadTarget),
            post,
            new Scenario($"store, env level ({engine})", new Uri(server, api.Store), Wrk.PostScript, IsStore: true, Baseline: post, Target: StoreTarget),
        ];
    }

    /// <summary>The three levels stored; returns the store body the load sends again and again (a fresh blob of the environment level).</summary>
    private static async Task<StoreBody> SeedAsync(EnvelopeApi api, CancellationToken cancellationToken)
    {
        await api.CreateHierarchyAsync(cancellationToken);
        var key = await api.RetrieveKeyAsync(cancellationToken);
        await api.StoreAsync(new StoreBody(EnvelopeApi.Project, null, null, SecretsBlob.Encrypt(key, EnvFixture.Project)), cancellationToken);
        await api.StoreAsync(new StoreBody(EnvelopeApi.Project, EnvelopeApi.Target, null, SecretsBlob.Encrypt(key, EnvFixture.Target)), cancellationToken);
        await api.StoreAsync(new StoreBody(EnvelopeApi.Project, EnvelopeApi.Target, EnvelopeApi.Environment, SecretsBlob.Encrypt(key, EnvFixture.Environment)), cancellationToken);
        return new StoreBody(EnvelopeApi.Project, EnvelopeApi.Target, EnvelopeApi.Environment, SecretsBlob.Encrypt(key, EnvFixture.Environment));
    }

    /// <summary>
    /// Sends each scenario's request once as wrk will (same headers, same body file, no redirects followed) and insists
    /// on 200, so that wrk's count of successes means what it says; checks the merged read's content too.
    /// </summary>
    private static async Task<BodySizes> PreflightAsync(List<Scenario> scenarios, string token, string bodyFile, EnvelopeApi api, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            using var request = new HttpRequestMessage(scenario.IsPost ? HttpMethod.Post : HttpMethod.Get, scenario.Url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (scenario.IsPost)
            {
                request.Content = new ByteArrayContent(await File.ReadAllBytesAsync(bodyFile, cancellationToken));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new LoadRunException($"Pre-flight {request.Method} {scenario.Url} answered {(int)response.StatusCode}, not 200: {text}");
            }

            sizes[scenario.Name] = System.Text.Encoding.UTF8.GetByteCount(text);
        }

        var (merged, _) = await api.ReadMergedAsync(cancellationToken);
        var expected = EnvFixture.Merged;
        if (merged.Count != expected.Count || expected.Any(e => !merged.TryGetValue(e.Key, out var value) || value != e.Value))
        {
            throw new LoadRunException($"The merged read returned {merged.Count} variables that differ from the {expected.Count} stored.");
        }

        return new BodySizes(sizes[scenarios[1].Name], sizes[scenarios[0].Name], new FileInfo(bodyFile).Length, expected.Count);
    }

    private async Task<Measurement> MeasureAsync(Scenario scenario, Dictionary<string, string> environment, EnvelopeApi api, CancellationToken cancellationToken)
    {
        var script = layout.Script(scenario.Script);
        var errors = new List<string>();
        var versionsBefore = scenario.IsStore ? await api.CountVersionsAsync(cancellationToken) : 0;
        long warmupRequests = 0;
        try
        {
            if (options.Warmup > TimeSpan.Zero)
            {
                var warmup = await Wrk.RunAsync(wrk, new WrkRun(scenario.Url, script, options.Threads, options.Connections, options.Warmup, environment), cancellationToken);
                errors.AddRange(warmup.Errors.Select(e => $"warm-up: {e}"));
                warmupRequests = warmup.Requests;
            }

            var result = await Wrk.RunAsync(wrk, new WrkRun(scenario.Url, script, options.Threads, options.Connections, options.Duration, environment), cancellationToken);
            errors.AddRange(result.Errors);
            string? note = null;
            if (scenario.IsStore)
            {
                (var error, note) = await CheckStoresAsync(api, versionsBefore, warmupRequests + result.Requests, cancellationToken);
                if (error is not null)
                {
                    errors.Add(error);
                }
            }

            // Let connections close and the collector settle before the next scenario.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return new Measurement(scenario, result, errors, note);
        }
        catch (LoadRunException e) when (e.ExitCode == ExitCodes.MeasurementFailed)
        {
            return new Measurement(scenario, null, [.. errors, e.Message]);
        }
    }

    /// <summary>
    /// Every store wrk counted must be a version in the database. A few more may land: requests still in flight when
    /// wrk stopped (at most one per connection per wrk run) are finished by the server but never counted.
    /// </summary>
    private async Task<(string? Error, string? Note)> CheckStoresAsync(EnvelopeApi api, long before, long counted, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var written = await api.CountVersionsAsync(cancellationToken) - before;
        var inFlight = written - counted;
        var runs = options.Warmup > TimeSpan.Zero ? 2 : 1;
        var note = string.Create(CultureInfo.InvariantCulture, $"{written} versions written for {counted} stores counted by wrk (warm-up included)");
        return inFlight < 0 || inFlight > (long)options.Connections * runs
            ? (note + ": the counts do not agree", note)
            : (null, note);
    }

    private static string CopyBuild(string source, string destination)
    {
        // A data directory left by a manual run of the build must not come along.
        var data = Path.Combine(source, "data") + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(data, StringComparison.Ordinal)))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return destination;
    }

    private static void DeleteQuietly(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory.FullName}: {e.Message}");
        }
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}

/// <summary>Response and request body sizes, to show that each pair of scenarios moves comparable bytes.</summary>
internal sealed record BodySizes(int MergedRead, int BaselineRead, long StoreRequest, int Variables);
