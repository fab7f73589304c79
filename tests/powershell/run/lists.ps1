# System.Collections.ArrayList and List[T]
# (https://learn.microsoft.com/en-us/dotnet/api/system.collections.arraylist,
# https://learn.microsoft.com/en-us/powershell/scripting/learn/deep-dives/everything-about-arrays#arraylist).
# ArrayList.Add returns the new element's index: it is output unless discarded.
$list = New-Object System.Collections.ArrayList
$list.Add("expired certificate")
[void]$list.Add("private key missing")
$null = $list.Add("key ACL")
$list.Add("no binding") | Out-Null
$list.Count
$list[0]
$list[-1]
# A list is shared, not copied, by assignment.
$same = $list
[void]$same.Add("shared")
$list.Count
# Pipelines and foreach see its elements; -join and -contains take it as a collection.
$list | Where-Object { $_ -like "*key*" }
foreach ($f in $list) { "- $f" }
$list -join "; "
$list -contains "key ACL"
"$list"
$list.ToString()
$list.GetType().FullName
# Contains compares with Object.Equals: strings with case.
$list.Contains("KEY ACL")
$list.IndexOf("key ACL")
$list.Remove("shared")
$list.Count
$list.Remove("not there")
$list.Insert(0, "first")
$list[0]
$list.RemoveAt(0)
$list.Count
# An empty list is false; += makes an object[] of the elements.
$empty = [System.Collections.ArrayList]::new()
if (-not $empty) { "empty is false" }
$empty.Count
$arr = $list
$arr += "more"
$arr.GetType().FullName
$list.Count
# List[T]: Add returns nothing and converts to T; Remove says whether it removed.
$names = New-Object -TypeName 'System.Collections.Generic.List[string]'
$names.Add(42)
$names.Add("EX01")
$names[0].GetType().FullName
$names.Count
$names.Remove("EX01")
$names.Remove("EX02")
$list.ToArray().GetType().FullName
$names.Clear()
$names.Count
