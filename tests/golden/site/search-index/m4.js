SB_LOAD("m4",[["organizations/general-assembly.html","General Assembly","2021-09-20","",1,"o",[]]]);
