/*
 * Prints the kernel ABI facts FbDisplay.Linux hard-codes (struct sizes, field offsets, ioctl numbers, constants)
 * as "name value" lines, for the host the compiler targets. The Linux tests compare them with the C# side.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/can.h>
#include <linux/can/raw.h>
#include <linux/fb.h>
#include <linux/input.h>
#include <linux/kd.h>
#include <net/if.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#define SIZE(t) printf("sizeof.%s %zu\n", #t, sizeof(struct t))
#define OFF(t, f) printf("offsetof.%s.%s %zu\n", #t, #f, offsetof(struct t, f))
#define NUM(n) printf("%s %llu\n", #n, (unsigned long long)(n))
#define NAMED(name, n) printf("%s %llu\n", name, (unsigned long long)(n))

int main(void)
{
    printf("pointer %zu\n", sizeof(void *));

    SIZE(fb_var_screeninfo);
    OFF(fb_var_screeninfo, bits_per_pixel);
    OFF(fb_var_screeninfo, red);
    OFF(fb_var_screeninfo, transp);
    OFF(fb_var_screeninfo, rotate);
    SIZE(fb_fix_screeninfo);
    OFF(fb_fix_screeninfo, smem_start);
    OFF(fb_fix_screeninfo, smem_len);
    OFF(fb_fix_screeninfo, line_length);
    OFF(fb_fix_screeninfo, mmio_start);
    OFF(fb_fix_screeninfo, capabilities);

    SIZE(input_event);
    OFF(input_event, type);
    OFF(input_event, code);
    OFF(input_event, value);
    SIZE(input_absinfo);
    OFF(input_absinfo, minimum);
    OFF(input_absinfo, maximum);

    SIZE(can_frame);
    OFF(can_frame, data);
    SIZE(sockaddr_can);
    OFF(sockaddr_can, can_ifindex);
    SIZE(can_filter);
    SIZE(ifreq);
    OFF(ifreq, ifr_ifindex);
    SIZE(pollfd);
    SIZE(statx);
    OFF(statx, stx_mode);

    NUM(FBIOGET_VSCREENINFO);
    NUM(FBIOGET_FSCREENINFO);
    NAMED("EVIOCGABS(ABS_X)", EVIOCGABS(ABS_X));
    NAMED("EVIOCGABS(ABS_MT_POSITION_X)", EVIOCGABS(ABS_MT_POSITION_X));
    NAMED("EVIOCGBIT(EV_ABS,8)", EVIOCGBIT(EV_ABS, 8));
    NAMED("EVIOCGBIT(EV_KEY,96)", EVIOCGBIT(EV_KEY, 96));
    NAMED("EVIOCGKEY(96)", EVIOCGKEY(96));
    NAMED("EVIOCGNAME(256)", EVIOCGNAME(256));
    NUM(EVIOCGRAB);
    NUM(KDSETMODE);
    NUM(KD_TEXT);
    NUM(KD_GRAPHICS);
    NUM(SIOCGIFINDEX);

    NUM(EV_SYN);
    NUM(EV_KEY);
    NUM(EV_ABS);
    NUM(SYN_REPORT);
    NUM(SYN_DROPPED);
    NUM(BTN_LEFT);
    NUM(BTN_TOUCH);
    NUM(ABS_X);
    NUM(ABS_Y);
    NUM(ABS_MT_SLOT);
    NUM(ABS_MT_POSITION_X);
    NUM(ABS_MT_POSITION_Y);
    NUM(ABS_MT_TRACKING_ID);
    NUM(ABS_MAX);
    NUM(KEY_MAX);

    NUM(AF_CAN);
    NUM(SOCK_RAW);
    NUM(CAN_RAW);
    NUM(SOL_CAN_RAW);
    NUM(CAN_RAW_FILTER);
    NUM(CAN_RAW_RECV_OWN_MSGS);
    NUM(ENOBUFS);
    NUM(O_RDWR);
    NUM(O_NOCTTY);
    NUM(O_NONBLOCK);
    NUM(O_CLOEXEC);
    NUM(EFD_NONBLOCK);
    NUM(EFD_CLOEXEC);
    NUM(POLLIN);
    NUM(POLLERR);
    NUM(POLLHUP);
    NUM(POLLNVAL);
    NUM(PROT_READ);
    NUM(PROT_WRITE);
    NUM(MAP_SHARED);
    NUM(MS_SYNC);
    printf("AT_FDCWD %d\n", AT_FDCWD);
    NUM(STATX_TYPE);
    return 0;
}
