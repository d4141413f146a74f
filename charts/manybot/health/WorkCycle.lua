-- Argo CD health check for manybot.io/WorkCycle (Lua 5.1; the global obj is the resource).
-- A cycle is Progressing while it runs (no outcome yet), Degraded when it failed, timed out, was
-- interrupted or abandoned (message: status.error), and Healthy for every other outcome. An outcome
-- is final: a WorkCycle's spec never changes after the operator created it.
local hs = { status = "Progressing", message = "waiting for the controller" }

if obj.status == nil then
  return hs
end

local outcome = obj.status.outcome
if outcome == nil or outcome == "" then
  local generation = 0
  if obj.metadata ~= nil and obj.metadata.generation ~= nil then
    generation = obj.metadata.generation
  end
  if obj.status.observedGeneration ~= nil and obj.status.observedGeneration < generation then
    return hs
  end
  hs.message = "phase " .. (obj.status.phase or "Pending")
  return hs
end

local failed = { FAILED = true, TIMED_OUT = true, INTERRUPTED = true, ABANDONED = true }
if failed[outcome] then
  hs.status = "Degraded"
  if obj.status.error ~= nil and obj.status.error ~= "" then
    hs.message = outcome .. ": " .. obj.status.error
  else
    hs.message = outcome
  end
  return hs
end

hs.status = "Healthy"
hs.message = outcome
if obj.status.landedCommit ~= nil and obj.status.landedCommit ~= "" then
  hs.message = outcome .. " " .. obj.status.landedCommit
end
return hs
