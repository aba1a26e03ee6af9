-- wrk -s post.lua URL: POSTs the JSON body in the file ENVELOPE_LOAD_BODY_FILE, with the bearer token from
-- ENVELOPE_LOAD_TOKEN. Every request sends the same body: for the store, one valid encrypted blob of a level.
local path = os.getenv("ENVELOPE_LOAD_BODY_FILE")
assert(path ~= nil and path ~= "", "ENVELOPE_LOAD_BODY_FILE is not set")
local file = assert(io.open(path, "rb"))
wrk.body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

local token = os.getenv("ENVELOPE_LOAD_TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
