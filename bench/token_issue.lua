-- POST /v3/auth/tokens: password method, project scope (domain Default).
-- env: OS_USERNAME OS_PASSWORD OS_PROJECT_NAME
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format([[{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},"password":"%s"}}},"scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}]],
  os.getenv("OS_USERNAME"), os.getenv("OS_PASSWORD"), os.getenv("OS_PROJECT_NAME"))
