:: setup.exe without accepting the license terms
setup.exe /m:upgrade
