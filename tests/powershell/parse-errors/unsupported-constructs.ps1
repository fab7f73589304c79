using namespace System.Net
class Binding {
    [string]$Site
}
enum Store { My; Root }
Write-Host 'after'
