# Errors (about_Try_Catch_Finally, about_Throw, about_Preference_Variables, about_Automatic_Variables).
try {
    throw "certificate expired"
} catch {
    "caught: $_"
    "message: $($_.Exception.Message)"
} finally {
    "finally runs"
}
try { [int]"abc" } catch [System.Management.Automation.RuntimeException] { "typed catch" }
# Write-Error is non-terminating: the script goes on, $? is false, $Error[0] holds it
Write-Error "first problem" -ErrorAction SilentlyContinue
"after: $?"
$Error[0].Exception.Message
# -ErrorAction Stop makes it terminating, so try/catch sees it
try { Write-Error "stopped" -ErrorAction Stop; "not here" } catch { "caught stop: $_" }
$ErrorActionPreference = "Stop"
try { Write-Error "by preference" } catch { "caught by preference" }
$ErrorActionPreference = "Continue"
# trap handles a terminating error in its block and the script goes on
function With-Trap {
    trap { "trapped: $_"; continue }
    throw "inside"
    "after throw"
}
With-Trap
# An error nobody handles is shown in the console's layout, and is unhandled
Write-Error "shown"
"the script goes on"
# $null methods, division by zero
try { $null.Trim() } catch { $_.Exception.Message }
try { 1 / 0 } catch { $_.Exception.Message }
throw "the end"
"not reached"
