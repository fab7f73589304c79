# DateTime and TimeSpan (learn.microsoft.com: DateTime, TimeSpan; Get-Date).
$now = Get-Date
$now.ToString("yyyy-MM-dd HH:mm:ss")
$now.AddDays(30).ToString("d")
$now.AddYears(1).Year
(Get-Date -Date "2024-02-29").AddYears(1).ToString("yyyy-MM-dd")
$expiry = [datetime]"2024-06-30"
$left = $expiry - $now
$left.Days
[math]::Round($left.TotalDays, 1)
$expiry -gt $now
# The left operand decides: a date against a string converts the string
$now -lt "2024-06-01"
$now.DayOfWeek
"$now"
[datetime]::Today.ToString("s")
$now.ToString("dddd, MMMM d, yyyy h:mm tt")
Get-Date -Format "yyyyMMdd"
$now
Start-Sleep -Seconds 90
(Get-Date).ToString("HH:mm:ss")
[timespan]::FromDays(1.5).TotalHours
