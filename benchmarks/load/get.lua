-- wrk -s get.lua URL: a GET with the bearer token from ENVELOPE_LOAD_TOKEN.
-- The baseline gets the same script and headers, so both sides parse the same request.
wrk.method = "GET"
wrk.headers["Accept"] = "application/json"

local token = os.getenv("ENVELOPE_LOAD_TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
