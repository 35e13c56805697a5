using FbDisplay.App;

return await AppHost.RunAsync(args, TimeProvider.System).ConfigureAwait(false);
