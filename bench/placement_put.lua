-- Claims as nova's scheduler makes them: PUT /allocations/{new consumer} at
-- microversion 1.39 with consumer_generation null, one host after another
-- from HOSTS_FILE (one provider uuid a line). bench/placement.py gives the
-- hosts room for every claim a run can make (a 409 shows as non-2xx).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local threads_made = 0
function setup(thread)
  thread:set("id", threads_made)
  threads_made = threads_made + 1
end

local hosts = {}
local next_host = 1

function init(args)
  for line in io.lines(os.getenv("HOSTS_FILE")) do
    if #line > 0 then
      table.insert(hosts, line)
    end
  end
  math.randomseed(os.time() * 1000 + id)
  next_host = (id * 7) % #hosts + 1
  wrk.method = "PUT"
  wrk.headers["X-Auth-Token"] = os.getenv("TOKEN") or "admin"
  wrk.headers["OpenStack-API-Version"] = "placement 1.39"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

local function hex(n)
  local s = ""
  for _ = 1, n do
    s = s .. string.format("%x", math.random(0, 15))
  end
  return s
end

function request()
  local consumer = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-a" .. hex(3) .. "-" .. hex(12)
  local rp = hosts[next_host]
  next_host = next_host % #hosts + 1
  local body = '{"allocations": {"' .. rp .. '": {"resources": ' ..
      '{"VCPU": 1, "MEMORY_MB": 16, "DISK_GB": 1}}}, "project_id": "bench", ' ..
      '"user_id": "bench", "consumer_generation": null, "consumer_type": "INSTANCE"}'
  return wrk.format(nil, "/allocations/" .. consumer, nil, body)
end
