# title: Points Windows Time at another source: w32tm /config is not modelled, only /resync
w32tm /config /manualpeerlist:time.windows.com /syncfromflags:manual /update
