-- GET with optional X-Auth-Token (TOKEN) and X-Subject-Token (SUBJECT).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
if os.getenv("TOKEN") then wrk.headers["X-Auth-Token"] = os.getenv("TOKEN") end
if os.getenv("SUBJECT") then wrk.headers["X-Subject-Token"] = os.getenv("SUBJECT") end
wrk.headers["Accept"] = "application/json"
