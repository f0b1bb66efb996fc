# syntax=docker/dockerfile:1

# ---- build ----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project/props files only, so the (slow) restore layer
# is cached until a csproj or the central package versions change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Omnirapeutic.Core/*.csproj Omnirapeutic.Core/
COPY Omnirapeutic.Web/*.csproj Omnirapeutic.Web/
RUN dotnet restore Omnirapeutic.Web/Omnirapeutic.Web.csproj -r linux-x64 -p:PublishReadyToRun=true

# Then the sources, and publish without restoring again. ReadyToRun precompiles the app and its packages (EF Core,
# Npgsql) so a fresh container spends its first minute serving, not JIT-compiling (see load/run.sh, which publishes
# the same way).
COPY Omnirapeutic.Core/ Omnirapeutic.Core/
COPY Omnirapeutic.Web/ Omnirapeutic.Web/
RUN dotnet publish Omnirapeutic.Web/Omnirapeutic.Web.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o /app --no-restore

# ---- runtime --------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# Built-in non-root user of the aspnet images (app, UID 1654).
# No HEALTHCHECK here: the aspnet image has no curl/wget.
USER $APP_UID

ENTRYPOINT ["dotnet", "Omnirapeutic.Web.dll"]
