-- GET at placement's newest microversion with X-Auth-Token (TOKEN).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.headers["X-Auth-Token"] = os.getenv("TOKEN") or "admin"
wrk.headers["OpenStack-API-Version"] = "placement " .. (os.getenv("MICROVERSION") or "1.39")
wrk.headers["Accept"] = "application/json"
